import { setTimeout as sleep } from 'node:timers/promises';
import { ToolError } from '../kernel/errors.js';
import type { StateStore } from '../kernel/state/store.js';
import { isStateUnavailable } from '../kernel/state/unavailable.js';
import { SharedBudgetWindows } from './shared-budget.js';

/**
 * Client-side rate budgets that mirror Defender's own quotas, applied before a request leaves so
 * one busy analyst cannot get the whole tenant throttled. With a StateStore they are counted there,
 * so several replicas together stay under the tenant's quota; without one (or while the store is
 * unreachable) each process keeps a sliding log of its own. A sliding log, not fixed windows: fixed
 * windows allow twice the quota across a boundary, which is exactly what Defender would punish.
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

/** How one take may wait for a unit to free, instead of failing at once. */
export interface BudgetWait {
  /** Wait at most this long in all (0: never wait; writes never do). */
  readonly maxWaitMs?: number;
  /** Never wait past this (epoch ms): the call's deadline. */
  readonly deadline?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Told before each wait, and each second of it, with the seconds still to wait. */
  readonly onWait?: (secondsLeft: number) => Promise<void> | void;
}

export class RateBudgets {
  private readonly log = new Map<string, number[]>();
  private readonly shared: SharedBudgetWindows | undefined;

  constructor(
    private readonly rules: Readonly<Record<string, readonly BudgetRule[]>> = DEFENDER_BUDGETS,
    private readonly now: () => number = Date.now,
    store?: StateStore,
  ) {
    this.shared = store === undefined ? undefined : new SharedBudgetWindows(store, now);
  }

  /**
   * Takes one unit of `bucket` (e.g. `hunting`, `mde`) for `tenantKey` and `api` (e.g. `machines`).
   * When none is free and one frees within `wait.maxWaitMs` (and before the deadline), waits for it;
   * otherwise throws ToolError('rate_limited') with the seconds until a unit frees up.
   */
  async take(tenantKey: string, bucket: string, api = '', wait: BudgetWait = {}): Promise<void> {
    const rules = this.rules[bucket];
    if (!rules || rules.length === 0) return;
    const key = [tenantKey, bucket, api].map(encodeURIComponent).join(':');
    let budgetMs = wait.maxWaitMs ?? 0;
    for (;;) {
      const waitMs = await this.#tryTake(key, rules);
      if (waitMs === 0) return;
      const pastDeadline = wait.deadline !== undefined && this.now() + waitMs >= wait.deadline;
      if (waitMs > budgetMs || pastDeadline) throw usedUp(bucket, tenantKey, waitMs);
      budgetMs -= waitMs;
      await waitFor(waitMs, wait);
    }
  }

  async #tryTake(key: string, rules: readonly BudgetRule[]): Promise<number> {
    if (this.shared !== undefined) {
      try {
        return await this.shared.take(key, rules);
      } catch (error) {
        // Defender's own 429 still applies; the kernel's rate limits say the count is local for now.
        if (!isStateUnavailable(error)) throw error;
      }
    }
    return this.#takeLocal(key, rules);
  }

  #takeLocal(key: string, rules: readonly BudgetRule[]): number {
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
    if (waitMs === 0) times.push(now);
    this.log.set(key, times);
    return waitMs;
  }
}

function usedUp(bucket: string, tenantKey: string, waitMs: number): ToolError {
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new ToolError(
    'rate_limited',
    `The client-side ${bucket} budget for tenant "${tenantKey}" is used up.`,
    {
      retryAfter,
      hint: `Defender's own quota would throttle the whole tenant; wait ${retryAfter} s.`,
    },
  );
}

/** Sleeps `ms`, telling `onWait` each second how long is left; an abort ends the wait with the signal's reason. */
async function waitFor(ms: number, wait: BudgetWait): Promise<void> {
  let left = ms;
  while (left > 0) {
    await wait.onWait?.(Math.ceil(left / 1000));
    const step = Math.min(left, 1000);
    await sleep(step, undefined, wait.signal ? { signal: wait.signal } : undefined);
    left -= step;
  }
}
