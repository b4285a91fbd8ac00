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
  if (outer.signal.aborted) throw cancelled(call);
  const stop = new Stop(call, ms, performance.now());
  // Wall-clock time, as the retry layer reads it; a nested deadline (a preview in a call) never extends the outer one.
  const deadline = Math.min(Date.now() + ms, outer.deadline ?? Number.POSITIVE_INFINITY);
  call.ctx = withSignal(outer, () => stop.signal, deadline);
  try {
    return await stop.race(work(), outer.signal);
  } finally {
    stop.finish();
    call.ctx = outer;
  }
}

/**
 * Calls started in this turn of the event loop: one setImmediate for all of them (not one per call)
 * gives those still running their listener and timer. A cancellation arrives with input (a later
 * callback), so a quick call never pays for them (on Node 20, a listener on the SDK's fresh
 * per-request signal costs more than the rest of the chain). Whatever happened before watching
 * started is checked right there.
 */
const starting: Stop[] = [];

function watchAfterThisTurn(stop: Stop): void {
  if (starting.push(stop) === 1) {
    setImmediate(() => {
      for (const waiting of starting.splice(0)) waiting.watch();
    });
  }
}

/**
 * What ends a call early (the deadline or the caller's cancellation): the raced promise rejects with
 * the reason, and the tool's signal aborts with it. The AbortController is made only when the tool
 * reads its signal: on Node 20 it costs more than the rest of this step, on every call, and most
 * quick tools never look at it.
 */
class Stop {
  #reject: ((reason: ToolError) => void) | undefined;
  #reason: ToolError | undefined;
  #controller: AbortController | undefined;
  #caller: AbortSignal | undefined;
  #timer: NodeJS.Timeout | undefined;
  #finished = false;
  readonly #onCallerAbort = () => this.stop(cancelled(this.call));

  constructor(
    readonly call: ToolCall,
    readonly ms: number,
    readonly started: number,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#reason !== undefined) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Settles with `work`, or rejects with the reason the call was stopped, whichever comes first. */
  race<T>(work: Promise<T>, caller: AbortSignal): Promise<T> {
    this.#caller = caller;
    return new Promise<T>((resolve, reject) => {
      this.#reject = reject;
      work.then(resolve, reject);
      watchAfterThisTurn(this);
    });
  }

  /** Called once this turn is over: still running, the call gets its listener and its timer. */
  watch(): void {
    const caller = this.#caller;
    if (this.#finished || caller === undefined) return;
    if (caller.aborted) {
      this.stop(cancelled(this.call));
      return;
    }
    const left = this.started + this.ms - performance.now();
    if (left <= 0) {
      this.stop(timedOut(this.call, this.ms));
      return;
    }
    caller.addEventListener('abort', this.#onCallerAbort, { once: true });
    this.#timer = setTimeout(() => this.stop(timedOut(this.call, this.ms)), left);
  }

  stop(reason: ToolError): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#reject?.(reason);
  }

  /** The call is over: no more watching (a later abort of the caller changes nothing). */
  finish(): void {
    this.#finished = true;
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
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
