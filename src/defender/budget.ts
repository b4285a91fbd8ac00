import { ToolError } from '../kernel/errors.js';

/**
 * Client-side rate budgets that mirror Defender's own quotas, applied before a request leaves so
 * one busy analyst cannot get the whole tenant throttled. A sliding log, not fixed windows: fixed
 * windows allow twice the quota across a boundary, which is exactly what Defender would punish.
 * Per process: with several replicas each keeps its own budget (the upstream 429 still applies).
 */
export interface BudgetRule {
  readonly limit: number;
  readonly windowMs: number;
}

/** Facts §2.4/§2.5: hunting 45/min and 1,500/h per tenant; each MDE API 100/min and 1,500/h. */
export const DEFENDER_BUDGETS: Readonly<Record<string, readonly BudgetRule[]>> = {
  hunting: [
    { limit: 45, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
  mde: [
    { limit: 100, windowMs: 60_000 },
    { limit: 1500, windowMs: 3_600_000 },
  ],
  /** GetPackageUri: 2/min, 120/h. */
  'mde-package': [
    { limit: 2, windowMs: 60_000 },
    { limit: 120, windowMs: 3_600_000 },
  ],
  /** Graph security: 150/min per app per tenant (facts §4.1, the documented security limit). */
  graph: [{ limit: 150, windowMs: 60_000 }],
};

export class RateBudgets {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly rules: Readonly<Record<string, readonly BudgetRule[]>> = DEFENDER_BUDGETS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes one unit of `bucket` (e.g. `hunting`, `mde`) for `tenantKey` and `api` (e.g. `machines`),
   * or throws ToolError('rate_limited') with the seconds until a unit frees up.
   */
  take(tenantKey: string, bucket: string, api = ''): void {
    const rules = this.rules[bucket];
    if (!rules || rules.length === 0) return;
    const key = `${tenantKey}\u0000${bucket}\u0000${api}`;
    const now = this.now();
    const longest = Math.max(...rules.map((r) => r.windowMs));
    const times = (this.log.get(key) ?? []).filter((t) => t > now - longest);
    let waitMs = 0;
    for (const rule of rules) {
      const inWindow = times.filter((t) => t > now - rule.windowMs);
      if (inWindow.length >= rule.limit) {
        const oldest = inWindow[inWindow.length - rule.limit] as number;
        waitMs = Math.max(waitMs, oldest + rule.windowMs - now);
      }
    }
    if (waitMs > 0) {
      this.log.set(key, times);
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ToolError(
        'rate_limited',
        `The client-side ${bucket} budget for tenant "${tenantKey}" is used up.`,
        {
          retryAfter,
          hint: `Defender's own quota would throttle the whole tenant; wait ${retryAfter} s.`,
        },
      );
    }
    times.push(now);
    this.log.set(key, times);
  }
}
