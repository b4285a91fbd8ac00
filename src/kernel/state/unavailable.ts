import { ToolError } from '../errors.js';

/**
 * The shared state store cannot be reached. A ToolError (code `unavailable`) so that whatever step
 * meets it, a confirmation token, a cooldown or an approval, refuses with a clear message instead of
 * an internal error: state that guards a write is never guessed. Read paths that can count locally
 * (rate limits, Defender budgets) catch it and say so in the result.
 */
export class StateUnavailableError extends ToolError {
  constructor(cause?: unknown) {
    super(
      'unavailable',
      'The shared state store (Redis) is unreachable: write and destructive tools are refused until it is back; reads still work with limits counted on this replica.',
      {
        retryAfter: 5,
        hint: 'Retry in a few seconds; if it persists, the operator should check Redis.',
        ...(cause === undefined ? {} : { cause }),
      },
    );
  }
}

export function isStateUnavailable(error: unknown): error is StateUnavailableError {
  return error instanceof StateUnavailableError;
}
