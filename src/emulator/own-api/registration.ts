import { seededGuid, type TenantInfo } from '../apps.js';
import { newClientSecret } from '../credentials.js';

/**
 * This server (mcp-xdr) as an Entra app registration in the home tenant: app roles that a
 * deployment maps to its roles, a delegated scope for users, a public client (the MCP client on a
 * user's machine, authorization code + PKCE), confidential apps (client credentials) and test users.
 */
export const OWN_API_APP_ROLES = ['Mcp.Reader', 'Mcp.Responder', 'Mcp.Approver'] as const;
export const OWN_API_SCOPE = 'access_as_user';

export interface OwnApiUser {
  name: string;
  upn: string;
  objectId: string;
  displayName: string;
  /** App roles assigned to the user on the server app (the `roles` claim). */
  roles: readonly string[];
  /** Group object ids (the `groups` claim). */
  groups: readonly string[];
}

export interface OwnApiApp {
  name: string;
  clientId: string;
  objectId: string;
  secret: string;
  /** Application permissions (app roles) granted on the server app. */
  roles: readonly string[];
}

export interface OwnApiRegistration {
  tenant: TenantInfo;
  /** The server app: tokens for it carry `aud` = its client id (v2 access tokens). */
  server: { clientId: string; objectId: string; appRoles: readonly string[]; scope: string };
  /** `api://{clientId}` and whatever a test registers (the server's URL, for RFC 8707 `resource`). */
  identifierUris: string[];
  publicClient: { clientId: string };
  apps: readonly OwnApiApp[];
  users: readonly OwnApiUser[];
  groups: { responders: string };
}

export function createOwnApiRegistration(tenant: TenantInfo, seed: number): OwnApiRegistration {
  const guid = (...labels: string[]) => seededGuid(seed, tenant.tenantId, 'own-api', ...labels);
  const responders = guid('group', 'responders');
  const user = (name: string, displayName: string, roles: string[], groups: string[] = []): OwnApiUser => ({
    name,
    upn: `${name}@${tenant.domain}`,
    objectId: guid('user', name),
    displayName,
    roles,
    groups,
  });
  const app = (name: string, roles: string[]): OwnApiApp => ({
    name,
    clientId: guid('app', name, 'client'),
    objectId: guid('app', name, 'principal'),
    secret: newClientSecret(),
    roles,
  });
  const serverClientId = guid('server', 'client');
  return {
    tenant,
    server: {
      clientId: serverClientId,
      objectId: guid('server', 'principal'),
      appRoles: OWN_API_APP_ROLES,
      scope: OWN_API_SCOPE,
    },
    identifierUris: [`api://${serverClientId}`],
    publicClient: { clientId: guid('public-client') },
    apps: [app('automation', ['Mcp.Responder']), app('dashboard', ['Mcp.Reader'])],
    users: [
      user('reader', 'Rita Reader', ['Mcp.Reader']),
      user('responder', 'Rob Responder', ['Mcp.Responder']),
      user('approver', 'Ada Approver', ['Mcp.Approver']),
      // No app role: the role comes from group membership only.
      user('oncall', 'Otto Oncall', [], [responders]),
      // Signed in fine, but nothing maps to a role.
      user('guest', 'Gus Guest', []),
    ],
    groups: { responders },
  };
}

/** `api://…/access_as_user` or `api://…/.default` for one of the server's identifier URIs, or undefined. */
export function ownApiScope(registration: OwnApiRegistration, scopes: readonly string[]): string | undefined {
  const bases = registration.identifierUris.map((uri) => uri.replace(/\/+$/, '').toLowerCase());
  return scopes.find((scope) => {
    const cut = scope.lastIndexOf('/');
    if (cut <= 0) return false;
    const base = scope.slice(0, cut).toLowerCase();
    const name = scope.slice(cut + 1);
    return bases.includes(base) && (name === registration.server.scope || name === '.default');
  });
}
