import { type HttpResponse, TransportError } from './http.js';

/**
 * Retries for idempotent requests only (GET, hunting POSTs): 429, 503, 504 and connection resets.
 * A state-changing request (isolate, PATCH, comment) is sent once: a retry after an ambiguous
 * failure could act twice, so the caller reads the state instead (see mde.ts).
 */
export const RETRYABLE_STATUS = new Set([429, 503, 504]);

/**
 * A Retry-After date already past (clock skew, a cached response) would mean three retries at once:
 * the service asked for a pause, so a pause it gets.
 */
const MIN_DATE_WAIT_SECONDS = 1;

/** Longer waits are treated as malformed: we fall back to our own capped backoff. */
const ABSURD_RETRY_AFTER_SECONDS = 3600;

/**
 * Seconds to wait from a `Retry-After` (integer, fractional as Graph sends, or HTTP-date) or the
 * `retry-after-ms` / `x-ms-retry-after-ms` variants. Undefined when absent, malformed or absurd.
 */
export function parseRetryAfter(
  headers: Record<string, string>,
  now: number = Date.now(),
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = headers[name]?.trim();
    if (ms && /^\d+(\.\d+)?$/.test(ms)) return sane(Number(ms) / 1000);
  }
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return sane(Number(value));
  // HTTP-date (IMF-fixdate and the obsolete forms Date.parse understands); must name a weekday or month.
  if (/[A-Za-z]{3}/.test(value) && /\d{2}:\d{2}:\d{2}/.test(value)) {
    const at = Date.parse(value);
    if (Number.isFinite(at)) return sane(Math.max(MIN_DATE_WAIT_SECONDS, (at - now) / 1000));
  }
  return undefined;
}

function sane(seconds: number): number | undefined {
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= ABSURD_RETRY_AFTER_SECONDS
    ? seconds
    : undefined;
}

export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal | undefined;
  /** Epoch ms after which we must not still be waiting (the tool call's deadline). */
  deadline?: number | undefined;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Capped exponential backoff with full jitter on the upper half: base * 2^n, in [cap/2, cap]. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new TransportError('aborted', 'The request was cancelled.'));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new TransportError('aborted', 'The request was cancelled.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends with retries when `idempotent`. Returns the last response when retries are exhausted or the
 * next wait would pass the deadline (the caller maps it, e.g. to `rate_limited` with the wait).
 * Cancellation stops at once, including mid-sleep.
 */
export async function sendWithRetries(
  idempotent: boolean,
  send: () => Promise<HttpResponse>,
  options: RetryOptions = {},
): Promise<HttpResponse> {
  const maxAttempts = idempotent ? (options.maxAttempts ?? 4) : 1;
  const baseMs = options.baseDelayMs ?? 500;
  const maxMs = options.maxDelayMs ?? 30_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new TransportError('aborted', 'The request was cancelled.');
    let response: HttpResponse | undefined;
    let failure: TransportError | undefined;
    try {
      response = await send();
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'reset') throw error;
      failure = error;
    }
    if (response && !RETRYABLE_STATUS.has(response.status)) return response;
    const last = attempt + 1 >= maxAttempts;
    const hinted = response ? parseRetryAfter(response.headers, now()) : undefined;
    const waitMs = hinted !== undefined ? hinted * 1000 : backoffMs(attempt, baseMs, maxMs, options.random);
    const pastDeadline = options.deadline !== undefined && now() + waitMs > options.deadline;
    // A long but valid Retry-After is better reported (rate_limited with the wait) than slept through.
    if (last || pastDeadline || waitMs > maxMs) {
      if (response) return response;
      throw failure;
    }
    await sleep(waitMs, options.signal);
  }
}
