import type { PolicyConfig } from '../config/schema.js';
import { overlayContext } from '../context-overlay.js';
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
  const started = performance.now();
  const stop = new Stop();
  const onCallerAbort = () => stop.stop(cancelled(call));
  let timer: NodeJS.Timeout | undefined;
  let listening = false;
  // Watching starts once the current turn of the event loop is over: a cancellation arrives with
  // input (a later callback), and a call still running then gets the listener and the timer. A quick
  // call never pays for them (on Node 20, a listener on the SDK's fresh per-request signal costs more
  // than the rest of the chain). Whatever happened before watching started is checked right there.
  const watch = setImmediate(() => {
    if (caller.aborted) return stop.stop(cancelled(call));
    const left = started + ms - performance.now();
    if (left <= 0) return stop.stop(timedOut(call, ms));
    caller.addEventListener('abort', onCallerAbort, { once: true });
    listening = true;
    timer = setTimeout(() => stop.stop(timedOut(call, ms)), left);
  });
  // Wall-clock time, as the retry layer reads it; a nested deadline (a preview in a call) never extends the outer one.
  const deadline = Math.min(Date.now() + ms, outer.deadline ?? Number.POSITIVE_INFINITY);
  call.ctx = withSignal(outer, () => stop.signal, deadline);
  try {
    return await Promise.race([work(), stop.stopped]);
  } finally {
    clearImmediate(watch);
    clearTimeout(timer);
    if (listening) caller.removeEventListener('abort', onCallerAbort);
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

/** The same context with another signal (read lazily: see Stop) and the call's deadline. */
function withSignal(ctx: ToolContext, signal: () => AbortSignal, deadline: number): ToolContext {
  return overlayContext(ctx, {
    deadline,
    get signal() {
      return signal();
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
