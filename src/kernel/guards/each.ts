import { isToolError, type ToolError } from '../errors.js';
import type { GuardTarget } from './targets.js';

/** One target's fate in a bulk call. */
export type TargetOutcome<R> =
  | { readonly target: GuardTarget; readonly ok: true; readonly result: R }
  | { readonly target: GuardTarget; readonly ok: false; readonly error: ToolError };

/**
 * Runs `act` on each target in turn (sequential: Defender's per-API budget is small and order keeps
 * the audit readable). A ToolError on one target is recorded and the rest go on; anything else is a
 * bug and stops the call.
 */
export async function forEachTarget<R>(
  targets: readonly GuardTarget[],
  act: (target: GuardTarget) => Promise<R>,
  signal?: AbortSignal,
): Promise<TargetOutcome<R>[]> {
  const outcomes: TargetOutcome<R>[] = [];
  for (const target of targets) {
    signal?.throwIfAborted();
    try {
      outcomes.push({ target, ok: true, result: await act(target) });
    } catch (error) {
      if (!isToolError(error)) throw error;
      outcomes.push({ target, ok: false, error });
    }
  }
  return outcomes;
}
