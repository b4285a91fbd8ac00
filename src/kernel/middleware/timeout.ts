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
  const stop = new Stop();
  const onCallerAbort = () => stop.stop(cancelled(call));
  caller.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => stop.stop(timedOut(call, ms)), ms);
  call.ctx = withSignal(outer, () => stop.signal);
  try {
    return await Promise.race([work(), stop.stopped]);
  } finally {
    clearTimeout(timer);
    caller.removeEventListener('abort', onCallerAbort);
    call.ctx = outer;
  }
}

/**
 * What ends a call early (the deadline or the caller's cancellation): `stopped` rejects with the
 * reason, and the tool's signal aborts with it. The AbortController is made only when the tool
 * reads its signal: on Node 20 it costs more than the rest of this step, on every call, and most
 * quick tools never look at it.
 */
class Stop {
  readonly stopped: Promise<never>;
  #reject: (reason: ToolError) => void = () => {};
  #reason: ToolError | undefined;
  #controller: AbortController | undefined;

  constructor() {
    this.stopped = new Promise<never>((_resolve, reject) => {
      this.#reject = reject;
    });
    // Nobody may be racing it any more when it rejects (the work won): that is not an unhandled error.
    this.stopped.catch(() => {});
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  stop(reason: ToolError): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#reject(reason);
  }
}

/**
 * The same context with another signal. A proxy rather than a copy: it keeps every member the
 * server put on the context, and binds methods to the original so class-private state still works.
 */
function withSignal(ctx: ToolContext, signal: () => AbortSignal): ToolContext {
  return new Proxy(ctx, {
    get(target, property) {
      if (property === 'signal') return signal();
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
