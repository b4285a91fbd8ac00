import type { CallOptions } from './api-client.js';
import { type ApiClient, segment } from './api-client.js';
import { type CallSpec, Endpoint, type ListOptions } from './endpoint.js';
import { HuntingResultSchema, page } from './schemas/common.js';
import * as S from './schemas/graph.js';
import type { TenantDefinition } from './tenant-sources.js';

export type { ListOptions } from './endpoint.js';

/** Graph permissions named in `forbidden` errors (least privilege that works for each call). */
export const GRAPH_PERMISSIONS = {
  incidentsRead: 'SecurityIncident.Read.All',
  incidentsWrite: 'SecurityIncident.ReadWrite.All',
  alertsRead: 'SecurityAlert.Read.All',
  alertsWrite: 'SecurityAlert.ReadWrite.All',
  hunting: 'ThreatHunting.Read.All',
  usersRead: 'User.Read.All',
  riskyUsersRead: 'IdentityRiskyUser.Read.All',
  signInsRead: 'AuditLog.Read.All',
  identityRead: 'SecurityIdentitiesAccount.Read.All',
  identityActions: 'SecurityIdentitiesActions.ReadWrite.All',
  membershipsRead: 'GroupMember.Read.All and RoleManagement.Read.Directory',
  revokeSessions: 'User.RevokeSessions.All',
  riskyUsersWrite: 'IdentityRiskyUser.ReadWrite.All',
} as const;

export interface TriagePatch {
  status?: string;
  /** null unassigns. */
  assignedTo?: string | null;
  classification?: string;
  determination?: string;
}

const CommentsPage = page(S.CommentSchema);
const INCIDENTS = '/v1.0/security/incidents';
const ALERTS = '/v1.0/security/alerts_v2';
const IDENTITY_ACCOUNTS = '/beta/security/identities/identityAccounts';

const spec = (permission: string, resource?: string, query?: CallSpec['query']): CallSpec => ({
  permission,
  budget: { bucket: 'graph' },
  ...(resource ? { resource } : {}),
  ...(query ? { query } : {}),
});
const expand = (alerts: boolean | undefined) => ({ $expand: alerts ? 'alerts' : undefined });
const alertComment = (comment: string) => ({
  '@odata.type': 'microsoft.graph.security.alertComment',
  comment,
});

/**
 * Microsoft Graph security, camelCase as Graph expects. Every method takes OUR tenant (resolved by
 * Tenants) and the call's signal; results are parsed and tolerant of fields Microsoft adds.
 */
export class GraphClient {
  private readonly graph: Endpoint;

  constructor(api: ApiClient) {
    this.graph = new Endpoint(api, 'graph');
  }

  listIncidents(
    tenant: TenantDefinition,
    options: ListOptions & { expandAlerts?: boolean } = {},
    call?: CallOptions,
  ) {
    const s = spec(GRAPH_PERMISSIONS.incidentsRead, 'incident', expand(options.expandAlerts));
    return this.graph.list(tenant, INCIDENTS, S.IncidentSchema, s, options, call);
  }

  async getIncident(
    tenant: TenantDefinition,
    id: string,
    options: { expandAlerts?: boolean } = {},
    call?: CallOptions,
  ) {
    const s = spec(GRAPH_PERMISSIONS.incidentsRead, 'incident', expand(options.expandAlerts));
    return this.graph.get(tenant, `${INCIDENTS}/${segment(id)}`, S.IncidentSchema, s, call);
  }

  async updateIncident(
    tenant: TenantDefinition,
    id: string,
    patch: TriagePatch & { customTags?: string[] },
    call?: CallOptions,
  ) {
    const s = spec(GRAPH_PERMISSIONS.incidentsWrite, 'incident');
    return this.graph.send(tenant, 'PATCH', `${INCIDENTS}/${segment(id)}`, patch, S.IncidentSchema, s, call);
  }

  /** Returns the incident's whole comment list (as Graph does). */
  async addIncidentComment(tenant: TenantDefinition, id: string, comment: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.incidentsWrite, 'incident');
    const path = `${INCIDENTS}/${segment(id)}/comments`;
    return (await this.graph.send(tenant, 'POST', path, alertComment(comment), CommentsPage, s, call)).value;
  }

  listAlerts(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.graph.list(
      tenant,
      ALERTS,
      S.AlertSchema,
      spec(GRAPH_PERMISSIONS.alertsRead, 'alert'),
      options,
      call,
    );
  }

  async getAlert(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.graph.get(
      tenant,
      `${ALERTS}/${segment(id)}`,
      S.AlertSchema,
      spec(GRAPH_PERMISSIONS.alertsRead, 'alert'),
      call,
    );
  }

  async updateAlert(tenant: TenantDefinition, id: string, patch: TriagePatch, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.alertsWrite, 'alert');
    return this.graph.send(tenant, 'PATCH', `${ALERTS}/${segment(id)}`, patch, S.AlertSchema, s, call);
  }

  async addAlertComment(tenant: TenantDefinition, id: string, comment: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.alertsWrite, 'alert');
    const path = `${ALERTS}/${segment(id)}/comments`;
    return (await this.graph.send(tenant, 'POST', path, alertComment(comment), CommentsPage, s, call)).value;
  }

  /** Advanced hunting. A read: retried on throttling like a GET (body keys PascalCase, facts §1.8). */
  runHuntingQuery(tenant: TenantDefinition, query: string, timespan?: string, call?: CallOptions) {
    const body = { Query: query, ...(timespan ? { Timespan: timespan } : {}) };
    const s = { permission: GRAPH_PERMISSIONS.hunting, budget: { bucket: 'hunting' }, idempotent: true };
    return this.graph.send(
      tenant,
      'POST',
      '/v1.0/security/runHuntingQuery',
      body,
      HuntingResultSchema,
      s,
      call,
    );
  }

  /** `select`: properties beyond Graph's default set (e.g. `accountEnabled`) must be asked for. */
  async getUser(
    tenant: TenantDefinition,
    idOrUpn: string,
    call?: CallOptions,
    options: { select?: readonly string[] } = {},
  ) {
    const s = spec(GRAPH_PERMISSIONS.usersRead, 'user', { $select: options.select?.join(',') });
    return this.graph.get(tenant, `/v1.0/users/${segment(idOrUpn)}`, S.UserSchema, s, call);
  }

  /** Identity Protection's record of one user (by object id); 404 when the user was never risky. */
  async getRiskyUser(tenant: TenantDefinition, objectId: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.riskyUsersRead, 'risky user');
    return this.graph.get(
      tenant,
      `/v1.0/identityProtection/riskyUsers/${segment(objectId)}`,
      S.RiskyUserSchema,
      s,
      call,
    );
  }

  listRiskyUsers(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.riskyUsersRead);
    return this.graph.list(
      tenant,
      '/v1.0/identityProtection/riskyUsers',
      S.RiskyUserSchema,
      s,
      options,
      call,
    );
  }

  listSignIns(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.graph.list(
      tenant,
      '/v1.0/auditLogs/signIns',
      S.SignInSchema,
      spec(GRAPH_PERMISSIONS.signInsRead),
      options,
      call,
    );
  }

  listIdentityAccounts(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.identityRead);
    return this.graph.list(tenant, IDENTITY_ACCOUNTS, S.IdentityAccountSchema, s, options, call);
  }

  async getIdentityAccount(tenant: TenantDefinition, id: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.identityRead, 'identity account');
    return this.graph.get(tenant, `${IDENTITY_ACCOUNTS}/${segment(id)}`, S.IdentityAccountSchema, s, call);
  }

  /** A user's groups and directory roles, direct and nested (limited to type and id without read rights). */
  listMemberships(tenant: TenantDefinition, userId: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.membershipsRead);
    const path = `/v1.0/users/${segment(userId)}/transitiveMemberOf`;
    return this.graph.list(tenant, path, S.DirectoryObjectSchema, s, { maxItems: 999, maxPages: 10 }, call);
  }

  /** Graph `revokeSignInSessions`: resets signInSessionsValidFromDateTime. Sent once, never retried. */
  async revokeSignInSessions(tenant: TenantDefinition, userId: string, call?: CallOptions) {
    const s = spec(GRAPH_PERMISSIONS.revokeSessions, 'user');
    const path = `/v1.0/users/${segment(userId)}/revokeSignInSessions`;
    return this.graph.send(tenant, 'POST', path, undefined, S.RevokeSessionsResultSchema, s, call);
  }

  /** Identity Protection `confirmCompromised` or `dismiss` (204). Sent once, never retried. */
  async changeUserRisk(
    tenant: TenantDefinition,
    action: 'confirmCompromised' | 'dismiss',
    userIds: readonly string[],
    call?: CallOptions,
  ) {
    const s = spec(GRAPH_PERMISSIONS.riskyUsersWrite, 'risky user');
    const path = `/v1.0/identityProtection/riskyUsers/${action}`;
    await this.graph.send(tenant, 'POST', path, { userIds }, S.NoContentSchema, s, call);
  }

  /** A Defender for Identity response action (disable, revokeAllSessions, ...). Sent once, never retried. */
  async invokeIdentityAction(
    tenant: TenantDefinition,
    id: string,
    action: { accountId: string; action: string; identityProvider: string },
    call?: CallOptions,
  ) {
    const s = spec(GRAPH_PERMISSIONS.identityActions, 'identity account');
    const path = `${IDENTITY_ACCOUNTS}/${segment(id)}/invokeAction`;
    return this.graph.send(tenant, 'POST', path, action, S.InvokeActionResultSchema, s, call);
  }
}
