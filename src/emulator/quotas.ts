import type { ApiName, Route } from './routing.js';

export interface QuotaLimit {
  perMinute?: number;
  perHour?: number;
}

/**
 * Limits by bucket name. A route's bucket is its `quota` field, else `graph` for Graph routes and
 * `mde:<METHOD> <pattern>` for MDE routes (MDE limits each API separately). A bucket without its own
 * entry falls back to the entry of the part after its first `:` (`graph:hunting` -> `hunting`), then to its
 * API's entry (`graph` or `mde`).
 */
export type QuotaTable = Record<string, QuotaLimit>;

export const DEFAULT_QUOTAS: Readonly<QuotaTable> = {
  // Graph /security: 150 a minute per app per tenant (alerts, incidents; the documented default).
  graph: { perMinute: 150 },
  // MDE: 100 a minute and 1,500 an hour, per API.
  mde: { perMinute: 100, perHour: 1500 },
  // Advanced hunting (Graph runHuntingQuery and MDE advancedqueries/run): 45 a minute, 1,500 an hour.
  hunting: { perMinute: 45, perHour: 1500 },
  // GetPackageUri: 2 a minute, 120 an hour.
  'mde:packageUri': { perMinute: 2, perHour: 120 },
};

export function quotaBucket(route: Pick<Route, 'api' | 'method' | 'pattern' | 'quota'>): string {
  if (route.quota) return route.quota;
  return route.api === 'graph' ? 'graph' : `mde:${route.method} ${route.pattern.toLowerCase()}`;
}

export interface QuotaVerdict {
  allowed: boolean;
  /** Seconds until the exhausted window resets (only when not allowed). */
  retryAfterSeconds: number;
  limit: number;
  window: 'minute' | 'hour';
}

const WINDOWS = [
  { name: 'minute', ms: 60_000, key: 'perMinute' },
  { name: 'hour', ms: 3_600_000, key: 'perHour' },
] as const;

/** Fixed windows on the emulator clock, per tenant and bucket: tests trip and reset them cheaply. */
export class Quotas {
  private table: QuotaTable;
  private readonly counts = new Map<string, { window: number; count: number }>();

  constructor(overrides: QuotaTable = {}) {
    this.table = { ...DEFAULT_QUOTAS, ...overrides };
  }

  /** Exact bucket, then the part after its first `:` (`mde:hunting` -> `hunting`), then the API default. */
  limitFor(bucket: string, api: ApiName): QuotaLimit {
    const tail = bucket.slice(bucket.indexOf(':') + 1);
    return this.table[bucket] ?? this.table[tail] ?? this.table[api] ?? {};
  }

  /** Sets (or replaces) the limits of one bucket or API default. */
  set(bucket: string, limit: QuotaLimit): void {
    this.table = { ...this.table, [bucket]: limit };
    this.reset();
  }

  /** Forgets the calls counted so far. */
  reset(): void {
    this.counts.clear();
  }

  /** Counts one call if every window still has room; otherwise says which window is exhausted. */
  take(tenantId: string, bucket: string, api: ApiName, now: number): QuotaVerdict {
    const limits = this.limitFor(bucket, api);
    for (const window of WINDOWS) {
      const limit = limits[window.key];
      if (limit === undefined) continue;
      const slot = this.slot(tenantId, bucket, window.name, Math.floor(now / window.ms));
      if (slot.count >= limit) {
        const resetAt = (slot.window + 1) * window.ms;
        return { allowed: false, retryAfterSeconds: (resetAt - now) / 1000, limit, window: window.name };
      }
    }
    for (const window of WINDOWS) {
      if (limits[window.key] === undefined) continue;
      this.slot(tenantId, bucket, window.name, Math.floor(now / window.ms)).count += 1;
    }
    return { allowed: true, retryAfterSeconds: 0, limit: 0, window: 'minute' };
  }

  private slot(tenantId: string, bucket: string, windowName: string, window: number) {
    const key = `${tenantId}|${bucket}|${windowName}`;
    let slot = this.counts.get(key);
    if (!slot || slot.window !== window) {
      slot = { window, count: 0 };
      this.counts.set(key, slot);
    }
    return slot;
  }
}
