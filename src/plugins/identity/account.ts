import { type CallOptions, callOptionsFrom } from '../../defender/api-client.js';
import { displayName, escapeUntrusted, flagConfusables } from '../../defender/fence.js';
import type { GraphClient } from '../../defender/graph.js';
import { f } from '../../defender/odata-filter.js';
import type { IdentityAccount, RiskyUser, User } from '../../defender/schemas/graph.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { type GuardTarget, isToolError, type ToolContext, ToolError } from '../../kernel/index.js';

export type Provider = 'entraID' | 'activeDirectory' | 'okta';
export const PROVIDERS: readonly Provider[] = ['entraID', 'activeDirectory', 'okta'];

/** The account as it is now, across providers: what previews show and the guards judge. */
export interface AccountState {
  /** Defender for Identity account id, else the Entra object id. */
  id: string;
  upn: string | null;
  displayName: string | null;
  /** Why the names need a second look (invisible characters, mixed scripts). */
  nameFlags: string[];
  user: User | undefined;
  identity: IdentityAccount | undefined;
  providers: { provider: Provider; identifier: string; enabled: boolean | null }[];
  risk: { level: string | null; state: string | null } | null;
  roles: string[];
  /** Directory role display names (escaped), for people. */
  roleNames: string[];
  groups: string[];
  lastSuccessfulSignIn: string | null;
  target: GuardTarget;
}

const USER_PROPERTIES = [
  'id',
  'userPrincipalName',
  'displayName',
  'accountEnabled',
  'onPremisesSecurityIdentifier',
  'signInSessionsValidFromDateTime',
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function orNone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isToolError(error) && error.code === 'not_found') return undefined;
    throw error;
  }
}

/** Reads the account live: Entra user, Defender for Identity account, risk, roles, groups, last sign-in. */
export async function readAccount(
  graph: GraphClient,
  tenant: TenantDefinition,
  key: string,
  ctx: ToolContext,
): Promise<AccountState> {
  const call = callOptionsFrom(ctx);
  const select = { select: USER_PROPERTIES };
  let user = await orNone(graph.getUser(tenant, key, call, select));
  const identity = await orNone(graph.getIdentityAccount(tenant, user?.id ?? key, call));
  if (!user && identity && GUID.test(identity.id))
    user = await orNone(graph.getUser(tenant, identity.id, call, select));
  if (!user && !identity) {
    throw new ToolError(
      'not_found',
      `No account ${displayName(key)} in Entra ID or Defender for Identity (tenant "${tenant.key}").`,
      {
        hint: 'Give the UPN, the Entra object id or the Defender for Identity account id.',
      },
    );
  }
  const [risk, memberships, signIn] = user
    ? await Promise.all([
        orNone(graph.getRiskyUser(tenant, user.id, call)),
        membershipsOf(graph, tenant, user.id, call),
        lastSuccess(graph, tenant, user.id, call),
      ])
    : [undefined, { roles: [], roleNames: [], groups: [] }, null];
  return stateOf(key, user, identity, risk, memberships, signIn);
}

async function membershipsOf(
  graph: GraphClient,
  tenant: TenantDefinition,
  userId: string,
  call: CallOptions,
) {
  const page = await graph.listMemberships(tenant, userId, call);
  const roles: string[] = [];
  const roleNames: string[] = [];
  const groups: string[] = [];
  for (const o of page.items) {
    const type = String(o['@odata.type'] ?? '');
    const isRole = type.endsWith('directoryRole');
    if (!isRole && !type.endsWith('group')) continue;
    // "Limited information" (type and id only): protection cannot be verified, so refuse (fail closed).
    if (!o.displayName) {
      throw new ToolError(
        'forbidden',
        'The account’s directory roles and groups could not be read in full, so its protection cannot be verified. Nothing was sent.',
        {
          hint: 'Grant the app GroupMember.Read.All and RoleManagement.Read.Directory (application permissions).',
        },
      );
    }
    const names = [o.displayName, o.id, ...(o.roleTemplateId ? [o.roleTemplateId] : [])];
    (isRole ? roles : groups).push(...names);
    if (isRole) roleNames.push(escapeUntrusted(o.displayName));
  }
  return { roles, roleNames, groups };
}

async function lastSuccess(graph: GraphClient, tenant: TenantDefinition, userId: string, call: CallOptions) {
  const filter = f.and(f.eq('userId', userId), f.eq('status/errorCode', 0));
  const page = await graph.listSignIns(tenant, { filter, top: 1, maxItems: 1, maxPages: 1 }, call);
  return page.items[0]?.createdDateTime ?? null;
}

function stateOf(
  key: string,
  user: User | undefined,
  identity: IdentityAccount | undefined,
  risky: RiskyUser | undefined,
  memberships: { roles: string[]; roleNames: string[]; groups: string[] },
  lastSuccessfulSignIn: string | null,
): AccountState {
  const upn = user?.userPrincipalName ?? null;
  const displayName = user?.displayName ?? identity?.displayName ?? null;
  const upnShown = upn ? flagConfusables(upn) : undefined;
  const nameShown = displayName ? flagConfusables(displayName) : undefined;
  const linked = (identity?.accounts ?? []).filter((a): a is typeof a & { identityProvider: Provider } =>
    PROVIDERS.includes(a.identityProvider as Provider),
  );
  const providers = linked.map((a) => ({
    provider: a.identityProvider,
    identifier: String(a.identifier ?? ''),
    // Entra ID's own flag for the cloud side; Defender for Identity's for the others.
    enabled:
      a.identityProvider === 'entraID' ? (user?.accountEnabled ?? null) : (identity?.isEnabled ?? null),
  }));
  if (user && !providers.some((p) => p.provider === 'entraID'))
    providers.unshift({ provider: 'entraID', identifier: user.id, enabled: user.accountEnabled ?? null });
  const id = identity?.id ?? user?.id ?? key;
  const label = `account ${upnShown?.shown ?? nameShown?.shown ?? id} (${id})`;
  return {
    id,
    upn: upnShown?.shown ?? null,
    displayName: nameShown?.shown ?? null,
    nameFlags: [...new Set([...(upnShown?.warnings ?? []), ...(nameShown?.warnings ?? [])])],
    user,
    identity,
    providers,
    risk: risky ? { level: risky.riskLevel ?? null, state: risky.riskState ?? null } : null,
    roles: memberships.roles,
    roleNames: memberships.roleNames,
    groups: memberships.groups,
    lastSuccessfulSignIn,
    target: {
      id: user?.id ?? id,
      label,
      names: [upn, displayName].filter((n): n is string => typeof n === 'string'),
      roles: memberships.roles,
      groups: memberships.groups,
    },
  };
}
