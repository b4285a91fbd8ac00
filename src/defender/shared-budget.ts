import type { StateStore } from '../kernel/state/store.js';
import type { BudgetRule } from './budget.js';

/** Slots per window: the counted span is at most one slot longer than the window, never shorter. */
const SLOTS = 6;

/**
 * A Defender budget counted in the StateStore, so every replica draws from one tenant-wide budget.
 * Each window is cut into slots, one atomic counter each; a unit is taken when the current slot and
 * the SLOTS before it hold at most `limit` together. Those slots span more than the window, so no
 * sliding window of Microsoft's ever sees more than `limit` (the price: slightly fewer at the edge).
 * A unit taken against a full budget is given back at once. Replicas' clocks should agree (NTP):
 * the slot is chosen by each replica's own clock.
 */
export class SharedBudgetWindows {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
  ) {}

  /** Takes one unit under every rule: 0, or the ms until a unit may free (nothing is kept then). */
  async take(key: string, rules: readonly BudgetRule[]): Promise<number> {
    const taken: Array<{ slot: string; ttlMs: number }> = [];
    for (const rule of rules) {
      const outcome = await this.#takeOne(key, rule);
      if ('waitMs' in outcome) {
        await Promise.all(taken.map(({ slot, ttlMs }) => this.store.increment(slot, -1, ttlMs)));
        return outcome.waitMs;
      }
      taken.push(outcome);
    }
    return 0;
  }

  async #takeOne(
    key: string,
    rule: BudgetRule,
  ): Promise<{ slot: string; ttlMs: number } | { waitMs: number }> {
    const slotMs = Math.ceil(rule.windowMs / SLOTS);
    const now = this.now();
    const index = Math.floor(now / slotMs);
    const ttlMs = rule.windowMs + 2 * slotMs;
    const slotKey = (i: number) => `budget:${key}:${rule.windowMs}:${i}`;
    const slot = slotKey(index);
    const { value } = await this.store.increment(slot, 1, ttlMs);
    const earlier = await Promise.all(
      Array.from({ length: SLOTS }, (_, back) => this.store.get(slotKey(index - SLOTS + back))),
    );
    // Oldest first; the last is this slot, with this call in it.
    const counts = [...earlier.map((v) => Number(v ?? 0)), value];
    if (counts.reduce((a, b) => a + b, 0) <= rule.limit) return { slot, ttlMs };
    await this.store.increment(slot, -1, ttlMs);
    // Slot `index - SLOTS + p` stops being counted when slot `index + p + 1` begins.
    const oldest = counts.findIndex((count) => count > 0);
    return { waitMs: Math.max(1, (index + oldest + 1) * slotMs - now) };
  }
}
