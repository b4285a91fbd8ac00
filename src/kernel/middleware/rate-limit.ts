import type { PolicyConfig } from '../config/schema.js';
import { ToolError } from '../errors.js';
import type { StateStore } from '../state/store.js';
import type { ToolCall, ToolMiddleware } from '../types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Fixed-window limits per tool, per tenant and per principal, counted in the StateStore so that
 * several replicas share one budget once the store is Redis. Only the StateStore interface is used.
 * Tenants are the resolved keys (`ctx.tenants`), never the raw argument: omitting `tenant` and naming
 * the default are one budget, and a fan-out (`"*"`) counts once against every tenant it reaches.
 */
export function rateLimitMiddleware(
  policy: Pick<PolicyConfig, 'rateLimits'>,
  store: StateStore,
): ToolMiddleware {
  return async (call, next) => {
    const rule = policy.rateLimits.tools[call.tool.name] ?? policy.rateLimits.default;
    const tenants = call.ctx.tenants.length > 0 ? call.ctx.tenants : [undefined];
    for (const tenant of tenants) {
      const bucket = bucketKey(call, tenant);
      await consume(store, `${bucket}:minute`, rule.perMinute, MINUTE_MS, 'minute', call);
      if (rule.perHour !== undefined) {
        await consume(store, `${bucket}:hour`, rule.perHour, HOUR_MS, 'hour', call);
      }
    }
    return next();
  };
}

/** Each part is URI-encoded so that a `:` inside a principal id cannot collide with another bucket. */
function bucketKey(call: ToolCall, tenant: string | undefined): string {
  // `default` stands for "no tenant" only without a resolver; resolved keys are real tenant keys.
  const parts = [call.tool.name, tenant ?? 'default', call.ctx.principal.id];
  return `ratelimit:${parts.map(encodeURIComponent).join(':')}`;
}

async function consume(
  store: StateStore,
  key: string,
  limit: number,
  windowMs: number,
  window: 'minute' | 'hour',
  call: ToolCall,
): Promise<void> {
  const { value, ttlMs } = await store.increment(key, 1, windowMs);
  if (value <= limit) return;
  const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
  throw new ToolError(
    'rate_limited',
    `Rate limit reached for ${call.tool.name}: at most ${limit} calls per ${window} per tenant and principal` +
      `${call.ctx.tenants.length > 1 ? ' (a call to "*" counts against every tenant it reaches)' : ''}. ` +
      `Retry in ${retryAfter} s.`,
    { retryAfter, hint: 'Wait before retrying, or batch the work into fewer calls.' },
  );
}
