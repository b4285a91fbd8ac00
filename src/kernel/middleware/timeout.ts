import type { PolicyConfig } from '../config/schema.js';
import { ToolError } from '../errors.js';
import type { ToolCall, ToolContext, ToolMiddleware } from '../types.js';

/**
 * A per-tool deadline. The tool gets a context whose signal aborts on the deadline or on the
 * caller's cancellation, and the call ends promptly either way, even if the tool ignores the signal.
 * The signal's `reason` is the ToolError the call ends with, so a tool may simply rethrow it.
 */
export function timeoutMiddleware(policy: Pick<PolicyConfig, 'timeouts'>): ToolMiddleware {
  return (call, next) => withDeadline(call, policy, next);
}

/** Runs `work` (the tool, or its preview) under the call's deadline; `call.ctx` is restored after. */
export async function withDeadline<T>(
  call: ToolCall,
  policy: Pick<PolicyConfig, 'timeouts'>,
  work: () => Promise<T>,
): Promise<T> {
  const ms = policy.timeouts.tools[call.tool.name] ?? call.tool.timeoutMs ?? policy.timeouts.defaultMs;
  const outer = call.ctx;
  const caller = outer.signal;
  if (caller.aborted) throw cancelled(call);
  // One controller fed by both causes: what AbortSignal.any does, at a fraction of its cost on
  // Node 20 (it is on every call's path). The abort reason is the ToolError the call ends with.
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(cancelled(call));
  caller.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => controller.abort(timedOut(call, ms)), ms);
  const stopped = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  call.ctx = withSignal(outer, controller.signal);
  try {
    return await Promise.race([work(), stopped]);
  } finally {
    clearTimeout(timer);
    caller.removeEventListener('abort', onCallerAbort);
    call.ctx = outer;
  }
}

/**
 * The same context with another signal. A proxy rather than a copy: it keeps every member the
 * server put on the context, and binds methods to the original so class-private state still works.
 */
function withSignal(ctx: ToolContext, signal: AbortSignal): ToolContext {
  return new Proxy(ctx, {
    get(target, property) {
      if (property === 'signal') return signal;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function timedOut(call: ToolCall, ms: number): ToolError {
  const advice =
    call.tool.tier === 'read'
      ? 'Narrow the request or retry later.'
      : 'It may or may not have taken effect: check the current state before retrying.';
  return new ToolError(
    'timeout',
    `${call.tool.name} did not finish within ${ms} ms and was stopped. ${advice}`,
  );
}

function cancelled(call: ToolCall): ToolError {
  return new ToolError('cancelled', `${call.tool.name} was cancelled by the client.`);
}
