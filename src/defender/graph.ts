import type { z } from 'zod';
import { type ApiClient, type CallOptions, type QueryValue, segment } from './api-client.js';
import type { Filter } from './odata-filter.js';
import { collectPages, type Page, type Paged, type PagingLimits } from './paging.js';
import { HuntingResultSchema, page } from './schemas/common.js';
import * as S from './schemas/graph.js';
import type { TenantDefinition } from './tenant-sources.js';

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
} as const;

export interface ListOptions extends PagingLimits {
  filter?: Filter | undefined;
  top?: number | undefined;
  orderBy?: string | undefined;
  select?: readonly string[] | undefined;
}

const CommentsPage = page(S.CommentSchema);

/**
 * Microsoft Graph security, camelCase as Graph expects. Every method takes OUR tenant (resolved by
 * Tenants) and the call's signal; results are parsed and tolerant of fields Microsoft adds.
 */
export class GraphClient {
  constructor(private readonly api: ApiClient) {}

  listIncidents(
    tenant: TenantDefinition,
    options: ListOptions & { expandAlerts?: boolean } = {},
    call?: CallOptions,
  ) {
    return this.list(
      tenant,
      '/v1.0/security/incidents',
      S.IncidentSchema,
      GRAPH_PERMISSIONS.incidentsRead,
      options,
      call,
      {
        $expand: options.expandAlerts ? 'alerts' : undefined,
      },
    );
  }

  async getIncident(
    tenant: TenantDefinition,
    id: string,
    options: { expandAlerts?: boolean } = {},
    call?: CallOptions,
  ) {
    return this.get(
      tenant,
      `/v1.0/security/incidents/${segment(id)}`,
      S.IncidentSchema,
      GRAPH_PERMISSIONS.incidentsRead,
      'incident',
      call,
      {
        $expand: options.expandAlerts ? 'alerts' : undefined,
      },
    );
  }

  async updateIncident(
    tenant: TenantDefinition,
    id: string,
    patch: {
      status?: string;
      assignedTo?: string;
      classification?: string;
      determination?: string;
      customTags?: string[];
    },
    call?: CallOptions,
  ) {
    return this.write(
      tenant,
      'PATCH',
      `/v1.0/security/incidents/${segment(id)}`,
      patch,
      S.IncidentSchema,
      GRAPH_PERMISSIONS.incidentsWrite,
      'incident',
      call,
    );
  }

  /** Returns the incident's whole comment list (as Graph does). */
  async addIncidentComment(tenant: TenantDefinition, id: string, comment: string, call?: CallOptions) {
    const body = { '@odata.type': 'microsoft.graph.security.alertComment', comment };
    const res = await this.write(
      tenant,
      'POST',
      `/v1.0/security/incidents/${segment(id)}/comments`,
      body,
      CommentsPage,
      GRAPH_PERMISSIONS.incidentsWrite,
      'incident',
      call,
    );
    return res.value;
  }

  listAlerts(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(
      tenant,
      '/v1.0/security/alerts_v2',
      S.AlertSchema,
      GRAPH_PERMISSIONS.alertsRead,
      options,
      call,
    );
  }

  async getAlert(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/v1.0/security/alerts_v2/${segment(id)}`,
      S.AlertSchema,
      GRAPH_PERMISSIONS.alertsRead,
      'alert',
      call,
    );
  }

  async updateAlert(
    tenant: TenantDefinition,
    id: string,
    patch: { status?: string; assignedTo?: string; classification?: string; determination?: string },
    call?: CallOptions,
  ) {
    return this.write(
      tenant,
      'PATCH',
      `/v1.0/security/alerts_v2/${segment(id)}`,
      patch,
      S.AlertSchema,
      GRAPH_PERMISSIONS.alertsWrite,
      'alert',
      call,
    );
  }

  async addAlertComment(tenant: TenantDefinition, id: string, comment: string, call?: CallOptions) {
    const body = { '@odata.type': 'microsoft.graph.security.alertComment', comment };
    const res = await this.write(
      tenant,
      'POST',
      `/v1.0/security/alerts_v2/${segment(id)}/comments`,
      body,
      CommentsPage,
      GRAPH_PERMISSIONS.alertsWrite,
      'alert',
      call,
    );
    return res.value;
  }

  /** Advanced hunting. A read: retried on throttling like a GET (body keys PascalCase, facts §1.8). */
  runHuntingQuery(tenant: TenantDefinition, query: string, timespan?: string, call?: CallOptions) {
    return this.api.call(
      tenant,
      {
        api: 'graph',
        method: 'POST',
        path: '/v1.0/security/runHuntingQuery',
        body: { Query: query, ...(timespan ? { Timespan: timespan } : {}) },
        idempotent: true,
        budget: { bucket: 'hunting' },
        permission: GRAPH_PERMISSIONS.hunting,
        schema: HuntingResultSchema,
      },
      call,
    );
  }

  async getUser(tenant: TenantDefinition, idOrUpn: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/v1.0/users/${segment(idOrUpn)}`,
      S.UserSchema,
      GRAPH_PERMISSIONS.usersRead,
      'user',
      call,
    );
  }

  listUsers(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(tenant, '/v1.0/users', S.UserSchema, GRAPH_PERMISSIONS.usersRead, options, call);
  }

  listRiskyUsers(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(
      tenant,
      '/v1.0/identityProtection/riskyUsers',
      S.RiskyUserSchema,
      GRAPH_PERMISSIONS.riskyUsersRead,
      options,
      call,
    );
  }

  listSignIns(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(
      tenant,
      '/v1.0/auditLogs/signIns',
      S.SignInSchema,
      GRAPH_PERMISSIONS.signInsRead,
      options,
      call,
    );
  }

  listIdentityAccounts(tenant: TenantDefinition, options: ListOptions = {}, call?: CallOptions) {
    return this.list(
      tenant,
      '/beta/security/identities/identityAccounts',
      S.IdentityAccountSchema,
      GRAPH_PERMISSIONS.identityRead,
      options,
      call,
    );
  }

  async getIdentityAccount(tenant: TenantDefinition, id: string, call?: CallOptions) {
    return this.get(
      tenant,
      `/beta/security/identities/identityAccounts/${segment(id)}`,
      S.IdentityAccountSchema,
      GRAPH_PERMISSIONS.identityRead,
      'identity account',
      call,
    );
  }

  /** A Defender for Identity response action (disable, revokeAllSessions, ...). Sent once, never retried. */
  async invokeIdentityAction(
    tenant: TenantDefinition,
    id: string,
    action: { accountId: string; action: string; identityProvider: string },
    call?: CallOptions,
  ) {
    return this.write(
      tenant,
      'POST',
      `/beta/security/identities/identityAccounts/${segment(id)}/invokeAction`,
      action,
      S.InvokeActionResultSchema,
      GRAPH_PERMISSIONS.identityActions,
      'identity account',
      call,
    );
  }

  private get<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    schema: T,
    permission: string,
    resource: string,
    call?: CallOptions,
    query?: Record<string, QueryValue>,
  ) {
    return this.api.call(
      tenant,
      {
        api: 'graph',
        method: 'GET',
        path,
        query,
        idempotent: true,
        budget: { bucket: 'graph' },
        permission,
        resource,
        schema,
      },
      call,
    );
  }

  private write<T extends z.ZodType>(
    tenant: TenantDefinition,
    method: 'PATCH' | 'POST',
    path: string,
    body: unknown,
    schema: T,
    permission: string,
    resource: string,
    call?: CallOptions,
  ) {
    return this.api.call(
      tenant,
      {
        api: 'graph',
        method,
        path,
        body,
        idempotent: false,
        budget: { bucket: 'graph' },
        permission,
        resource,
        schema,
      },
      call,
    );
  }

  private async list<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    item: T,
    permission: string,
    options: ListOptions,
    call?: CallOptions,
    extra: Record<string, QueryValue> = {},
  ): Promise<Paged<z.output<T>>> {
    const schema = page(item);
    const budget = { bucket: 'graph' };
    const first = () =>
      this.api.call(
        tenant,
        {
          api: 'graph',
          method: 'GET',
          path,
          query: {
            $filter: options.filter,
            $top: options.top,
            $orderby: options.orderBy,
            $select: options.select?.join(','),
            ...extra,
          },
          idempotent: true,
          budget,
          permission,
          schema,
        },
        call,
      ) as Promise<Page<z.output<T>>>;
    const next = (link: string) =>
      this.api.call(
        tenant,
        {
          api: 'graph',
          method: 'GET',
          path: this.api.nextLink(tenant, 'graph', link),
          idempotent: true,
          budget,
          permission,
          schema,
        },
        call,
      ) as Promise<Page<z.output<T>>>;
    return collectPages(first, next, options);
  }
}
