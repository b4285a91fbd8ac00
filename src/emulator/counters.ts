import type { TenantInfo } from './apps.js';

export interface RequestCount {
  /** Tenant key, or `''` when the request carried no valid tenant. */
  tenant: string;
  /** `METHOD pattern` of the API route, or the endpoint (`POST /{tenant}/oauth2/v2.0/token`). */
  route: string;
  count: number;
  byStatus: Record<string, number>;
}

export interface TokenCount {
  tenant: string;
  clientId: string;
  app: string;
  count: number;
}

export interface CounterSnapshot {
  requests: RequestCount[];
  tokens: TokenCount[];
}

export interface CounterFilter {
  /** Tenant key or tenant id. */
  tenant?: string;
  route?: string;
  clientId?: string;
}

/** Requests per route and tenant, tokens per app: tests prove single-flight and limits with these. */
export class Counters {
  private readonly requestCounts = new Map<string, RequestCount>();
  private readonly tokenCounts = new Map<string, TokenCount>();
  private readonly tenantIds = new Map<string, string>();

  request(tenant: TenantInfo | undefined, route: string, status: number): void {
    const key = `${tenant?.key ?? ''}|${route}`;
    if (tenant) this.tenantIds.set(tenant.tenantId.toLowerCase(), tenant.key);
    const entry = this.requestCounts.get(key) ?? { tenant: tenant?.key ?? '', route, count: 0, byStatus: {} };
    entry.count += 1;
    entry.byStatus[status] = (entry.byStatus[status] ?? 0) + 1;
    this.requestCounts.set(key, entry);
  }

  tokenIssued(tenant: TenantInfo, clientId: string, app: string): void {
    this.tenantIds.set(tenant.tenantId.toLowerCase(), tenant.key);
    const key = `${tenant.key}|${clientId}`;
    const entry = this.tokenCounts.get(key) ?? { tenant: tenant.key, clientId, app, count: 0 };
    entry.count += 1;
    this.tokenCounts.set(key, entry);
  }

  /** Sum of requests matching the filter (route compared case-insensitively). */
  requests(filter: CounterFilter = {}): number {
    return this.sum([...this.requestCounts.values()], filter);
  }

  tokens(filter: CounterFilter = {}): number {
    return this.sum([...this.tokenCounts.values()], filter);
  }

  snapshot(): CounterSnapshot {
    return {
      requests: [...this.requestCounts.values()].map((e) => ({ ...e, byStatus: { ...e.byStatus } })),
      tokens: [...this.tokenCounts.values()].map((e) => ({ ...e })),
    };
  }

  reset(): void {
    this.requestCounts.clear();
    this.tokenCounts.clear();
  }

  private sum(entries: (RequestCount | TokenCount)[], filter: CounterFilter): number {
    const tenant = filter.tenant && (this.tenantIds.get(filter.tenant.toLowerCase()) ?? filter.tenant);
    return entries
      .filter((e) => tenant === undefined || e.tenant === tenant)
      .filter(
        (e) =>
          filter.route === undefined ||
          ('route' in e && e.route.toLowerCase() === filter.route.toLowerCase()),
      )
      .filter((e) => filter.clientId === undefined || ('clientId' in e && e.clientId === filter.clientId))
      .reduce((total, e) => total + e.count, 0);
  }
}
