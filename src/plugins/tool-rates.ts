import type { ToolRate } from '../kernel/index.js';

/**
 * The declared default rates of the built-in tools, per tenant and principal, counted in calls like
 * every rate limit (`policy.rateLimits.tools.<tool>` overrides them; docs/configuration.md). Why these:
 * - an action is at least two calls (the preview, then the confirmation; a third after a console
 *   approval), so 10 calls a minute is about 5 actions, the rate the lab server this product learns
 *   from allows for isolation; changes that hurt less get twice that;
 * - the lab's 10 hunts a minute lets four analysts together stay under Defender's 45 a minute per
 *   tenant (the shared budget refuses the rest anyway), and 300 an hour is a fifth of the tenant's 1,500;
 * - reads not named here keep `policy.rateLimits.default`; the devices, identity and indicators plugins'
 *   cooldowns and hourly caps still apply on top.
 */
export const TOOL_RATES = {
  /** Advanced hunting (run_hunting_query). */
  hunting: { perMinute: 10, perHour: 300 },
  /** Destructive tools: isolation, quarantine, restriction, account lock-outs, blocks. */
  destructive: { perMinute: 10, perHour: 120 },
  /** Write tools: scans, releases, incident and alert updates, comments, indicator deletion. */
  write: { perMinute: 20, perHour: 300 },
} as const satisfies Record<string, ToolRate>;

/** The default rate of an acting tool of this tier. */
export const rateForTier = (tier: 'write' | 'destructive'): ToolRate => TOOL_RATES[tier];
