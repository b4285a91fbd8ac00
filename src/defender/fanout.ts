import { isToolError, ToolError, type ToolErrorCode } from '../kernel/errors.js';

/** One tenant's outcome, labelled with OUR key (never a value from the upstream response). */
export type TenantOutcome<T> =
  | { readonly tenant: string; readonly ok: true; readonly value: T }
  | {
      readonly tenant: string;
      readonly ok: false;
      readonly error: {
        readonly code: ToolErrorCode;
        readonly message: string;
        readonly retryAfter?: number;
      };
    };

export interface FanOutOptions {
  concurrency?: number;
  signal?: AbortSignal | undefined;
  /** Called as each tenant finishes (for `notifications/progress`). */
  onProgress?: (done: number, total: number, tenant: string) => void | Promise<void>;
}

/**
 * Runs `fn` for each tenant with bounded concurrency. One tenant's failure is reported in its place
 * and never fails the others. Results keep the input order. Cancellation stops new work at once and
 * rejects with ToolError('cancelled'); running calls see the same signal.
 */
export async function fanOut<K extends { readonly key: string }, T>(
  tenants: readonly K[],
  fn: (tenant: K, signal: AbortSignal) => Promise<T>,
  options: FanOutOptions = {},
): Promise<TenantOutcome<T>[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 5));
  const controller = new AbortController();
  const outer = options.signal;
  const results: TenantOutcome<T>[] = new Array(tenants.length);
  let next = 0;
  let done = 0;

  let onAbort: () => void = () => undefined;
  const cancelled = new Promise<never>((_, reject) => {
    onAbort = () => {
      controller.abort(outer?.reason);
      reject(new ToolError('cancelled', 'The request was cancelled.'));
    };
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
  });
  cancelled.catch(() => undefined);

  const worker = async (): Promise<void> => {
    while (next < tenants.length && !controller.signal.aborted) {
      const index = next++;
      const tenant = tenants[index] as K;
      try {
        results[index] = { tenant: tenant.key, ok: true, value: await fn(tenant, controller.signal) };
      } catch (error) {
        results[index] = { tenant: tenant.key, ok: false, error: describe(error) };
      }
      done++;
      await options.onProgress?.(done, tenants.length, tenant.key);
    }
  };

  const workers = Array.from({ length: Math.min(concurrency, tenants.length) }, worker);
  try {
    await Promise.race([Promise.all(workers), cancelled]);
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  return results;
}

/** Only ToolErrors carry their message; anything else is internal and gets a generic one. */
function describe(error: unknown): { code: ToolErrorCode; message: string; retryAfter?: number } {
  if (isToolError(error)) {
    return {
      code: error.code,
      message: error.message,
      ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    };
  }
  return { code: 'internal_error', message: 'This tenant failed with an internal error.' };
}
