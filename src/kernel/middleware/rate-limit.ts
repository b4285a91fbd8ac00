import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { PolicyConfig } from '../config/schema.js';
import { ToolError } from '../errors.js';
import { MemoryStateStore } from '../state/memory.js';
import type { StateStore } from '../state/store.js';
import { isStateUnavailable } from '../state/unavailable.js';
import type { ToolCall, ToolMiddleware } from '../types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Where a result says its limits were counted on this replica only, for clients and tests. */
export const LOCAL_LIMITS_META_KEY = 'mcp-xdr/limits';
export const LOCAL_LIMITS_NOTICE =
  'Note: the shared state store is unreachable, so the rate limits of this call were counted on this replica only for now.';

/**
 * Fixed-window limits per tool, per tenant and per principal, counted in the StateStore so that
 * several replicas share one budget once the store is Redis (each count is one atomic script there).
 * Tenants are the resolved keys (`ctx.tenants`), never the raw argument: omitting `tenant` and naming
 * the default are one budget, and a fan-out (`"*"`) counts once against every tenant it reaches.
 * The rule is the operator's for this tool, else the tool's declared default, else the policy default.
 *
 * When the shared store is unreachable a read is counted in this process instead and its result says
 * so; a write or destructive call is refused (the StateUnavailableError goes through): the state that
 * guards it, spent tokens and cooldowns, cannot be checked.
 */
export function rateLimitMiddleware(
  policy: Pick<PolicyConfig, 'rateLimits'>,
  store: StateStore,
): ToolMiddleware {
  const local = new MemoryStateStore();
  return async (call, next) => {
    try {
      await consumeAll(policy, store, call);
    } catch (error) {
      if (!isStateUnavailable(error) || call.tool.tier !== 'read') throw error;
      await consumeAll(policy, local, call);
      return markLocal(await next());
    }
    return next();
  };
}

async function consumeAll(
  policy: Pick<PolicyConfig, 'rateLimits'>,
  store: StateStore,
  call: ToolCall,
): Promise<void> {
  const rule = policy.rateLimits.tools[call.tool.name] ?? call.tool.rateLimit ?? policy.rateLimits.default;
  const tenants = call.ctx.tenants.length > 0 ? call.ctx.tenants : [undefined];
  for (const tenant of tenants) {
    const bucket = bucketKey(call, tenant);
    await consume(store, `${bucket}:minute`, rule.perMinute, MINUTE_MS, 'minute', call);
    if (rule.perHour !== undefined) {
      await consume(store, `${bucket}:hour`, rule.perHour, HOUR_MS, 'hour', call);
    }
  }
}

function markLocal(result: CallToolResult): CallToolResult {
  return {
    ...result,
    content: [...result.content, { type: 'text', text: LOCAL_LIMITS_NOTICE }],
    _meta: { ...result._meta, [LOCAL_LIMITS_META_KEY]: 'local' },
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
