import { createHash } from 'node:crypto';
import { type AppCredentials, createAppCredentials } from './credentials.js';
import type { ApiName } from './routing.js';

/** A seeded tenant as the world defines it. */
export interface TenantInfo {
  key: string;
  tenantId: string;
  domain: string;
}

export type AppName = 'full' | 'readonly';

/** Application permissions of each tenant's `full` app. */
export const FULL_ROLES: Readonly<Record<ApiName, readonly string[]>> = {
  graph: [
    'SecurityIncident.ReadWrite.All',
    'SecurityAlert.ReadWrite.All',
    'ThreatHunting.Read.All',
    'User.Read.All',
    'IdentityRiskyUser.Read.All',
    'AuditLog.Read.All',
    'SecurityIdentitiesActions.ReadWrite.All',
    'SecurityIdentitiesAccount.Read.All',
    'IdentityRiskyUser.ReadWrite.All',
    'User.RevokeSessions.All',
    'GroupMember.Read.All',
    'RoleManagement.Read.Directory',
  ],
  mde: [
    'Machine.Read.All',
    'Machine.ReadWrite.All',
    'Machine.Isolate',
    'Machine.Scan',
    'Machine.StopAndQuarantine',
    'Machine.RestrictExecution',
    'Machine.CollectForensics',
    'AdvancedQuery.Read.All',
    'File.Read.All',
    'Ip.Read.All',
    'Alert.Read.All',
    'User.Read.All',
    'Vulnerability.Read.All',
    'Software.Read.All',
    'SecurityRecommendation.Read.All',
    'Score.Read.All',
    'Ti.ReadWrite.All',
  ],
};

/** Application permissions of each tenant's `readonly` app: the read counterparts, nothing that writes or acts. */
export const READONLY_ROLES: Readonly<Record<ApiName, readonly string[]>> = {
  graph: [
    'SecurityIncident.Read.All',
    'SecurityAlert.Read.All',
    'ThreatHunting.Read.All',
    'User.Read.All',
    'IdentityRiskyUser.Read.All',
    'AuditLog.Read.All',
    'SecurityIdentitiesAccount.Read.All',
    'GroupMember.Read.All',
    'RoleManagement.Read.Directory',
  ],
  mde: [
    'Machine.Read.All',
    'AdvancedQuery.Read.All',
    'File.Read.All',
    'Ip.Read.All',
    'Alert.Read.All',
    'User.Read.All',
    'Vulnerability.Read.All',
    'Software.Read.All',
    'SecurityRecommendation.Read.All',
    'Score.Read.All',
  ],
};

const sorted = (roles: Readonly<Record<ApiName, readonly string[]>>): Record<ApiName, string[]> => ({
  graph: [...roles.graph].sort(),
  mde: [...roles.mde].sort(),
});

export interface AppRegistration {
  tenant: TenantInfo;
  name: AppName;
  clientId: string;
  /** Service principal object id: the token's `oid`/`sub`. */
  objectId: string;
  /** Roles per resource: a Graph token carries only Graph roles, an MDE token only MDE roles. */
  grants: Readonly<Record<ApiName, readonly string[]>>;
  credentials: AppCredentials;
}

export interface ManagedIdentity {
  tenant: TenantInfo;
  clientId: string;
  objectId: string;
  grants: Readonly<Record<ApiName, readonly string[]>>;
}

/** Stable GUIDs from the seed, so a restarted emulator keeps its client ids (secrets stay random). */
export function seededGuid(...labels: (string | number)[]): string {
  const hex = createHash('sha256').update(labels.join('|')).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The emulator's directory: tenants, their app registrations and managed identities. */
export interface Directory {
  tenants: readonly TenantInfo[];
  apps: readonly AppRegistration[];
  managedIdentities: readonly ManagedIdentity[];
  /** By tenant id or verified domain, case-insensitively, like the login host. */
  findTenant(idOrDomain: string): TenantInfo | undefined;
  findApp(tenantId: string, clientId: string): AppRegistration | undefined;
}

export async function createDirectory(tenants: readonly TenantInfo[], seed: number): Promise<Directory> {
  // Fixed lists, not the union of what routes accept: a misspelt role in a route then fails the
  // role-agreement test instead of being granted silently.
  const full = sorted(FULL_ROLES);
  const plans = tenants.flatMap((tenant) =>
    (['full', 'readonly'] as const).map((name) => ({
      tenant,
      name,
      grants: name === 'full' ? full : sorted(READONLY_ROLES),
    })),
  );
  const apps = await Promise.all(
    plans.map(
      async ({ tenant, name, grants }): Promise<AppRegistration> => ({
        tenant,
        name,
        clientId: seededGuid(seed, tenant.tenantId, name, 'client'),
        objectId: seededGuid(seed, tenant.tenantId, name, 'principal'),
        grants,
        credentials: await createAppCredentials(`mcp-xdr-emulator-${tenant.key}-${name}`),
      }),
    ),
  );
  const managedIdentities = tenants.map((tenant) => ({
    tenant,
    clientId: seededGuid(seed, tenant.tenantId, 'managed-identity', 'client'),
    objectId: seededGuid(seed, tenant.tenantId, 'managed-identity', 'principal'),
    grants: full,
  }));
  const byIdOrDomain = new Map<string, TenantInfo>();
  for (const tenant of tenants) {
    byIdOrDomain.set(tenant.tenantId.toLowerCase(), tenant);
    byIdOrDomain.set(tenant.domain.toLowerCase(), tenant);
  }
  return {
    tenants,
    apps,
    managedIdentities,
    findTenant: (idOrDomain) => byIdOrDomain.get(idOrDomain.toLowerCase()),
    findApp: (tenantId, clientId) =>
      apps.find((app) => app.tenant.tenantId === tenantId && app.clientId === clientId.toLowerCase()),
  };
}
