import type { Clock } from '../tokens.js';
import type { ToolContext } from '../types.js';

export interface FollowOptions<S> {
  /** Reads the current state (pass ctx.signal on to the I/O). */
  read(): Promise<S>;
  isTerminal(state: S): boolean;
  /** One line for the progress notification, e.g. "Isolate: InProgress". */
  describe(state: S): string;
  /** Stop following after this many ms (the action goes on; the caller reports the last state). */
  deadlineMs: number;
  intervalMs: number;
  clock?: Clock;
}

export interface Followed<S> {
  state: S;
  /** True when a terminal state was seen; false when the deadline (or cancellation) came first. */
  finished: boolean;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Follows something that moves on by itself (a machine action, an async identity action) with MCP
 * progress notifications, until it ends or the deadline passes. A failed read ends the follow with
 * the last state known rather than failing a call whose action was already accepted.
 */
export async function followUntil<S>(
  ctx: ToolContext,
  initial: S,
  options: FollowOptions<S>,
): Promise<Followed<S>> {
  const now = () => (options.clock ?? Date).now();
  const stopAt = now() + options.deadlineMs;
  let state = initial;
  let step = 0;
  await ctx.progress(step, undefined, options.describe(state));
  while (!options.isTerminal(state)) {
    if (ctx.signal.aborted || now() + options.intervalMs > stopAt) return { state, finished: false };
    await pause(options.intervalMs, ctx.signal);
    if (ctx.signal.aborted) return { state, finished: false };
    try {
      state = await options.read();
    } catch {
      return { state, finished: false };
    }
    step += 1;
    await ctx.progress(step, undefined, options.describe(state));
  }
  return { state, finished: true };
}
