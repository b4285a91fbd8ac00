import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiName, EmuResponse } from './routing.js';

function graphDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

/** The caller's `client-request-id` (MSAL and Graph SDKs send one), echoed in error bodies. */
export function clientRequestId(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['client-request-id'];
  return typeof value === 'string' && value.length <= 100 ? value : undefined;
}

/**
 * An API error with the envelope of that API: Graph `{error:{code,message,innerError:{...}}}` with
 * `request-id` headers, MDE `{error:{code,message,target}}` where target is a correlation GUID.
 */
export function apiError(
  api: ApiName,
  status: number,
  code: string,
  message: string,
  context: { headers: IncomingHttpHeaders; now: number; extraHeaders?: Record<string, string> },
): EmuResponse {
  const requestId = randomUUID();
  if (api === 'mde') {
    return {
      status,
      headers: { ...context.extraHeaders },
      body: { error: { code, message, target: requestId } },
    };
  }
  const clientId = clientRequestId(context.headers) ?? requestId;
  return {
    status,
    headers: { 'request-id': requestId, 'client-request-id': clientId, ...context.extraHeaders },
    body: {
      error: {
        code,
        message,
        innerError: { date: graphDate(context.now), 'request-id': requestId, 'client-request-id': clientId },
      },
    },
  };
}

/** Graph's throttling body, as in the throttling guidance (inner `code`/`status` are strings). */
export function graphThrottled(
  retryAfterSeconds: number,
  context: { headers: IncomingHttpHeaders; now: number },
) {
  const requestId = randomUUID();
  return {
    status: 429,
    headers: {
      'Retry-After': String(retryAfterSeconds),
      'request-id': requestId,
      'client-request-id': clientRequestId(context.headers) ?? requestId,
    },
    body: {
      error: {
        code: 'TooManyRequests',
        innerError: {
          code: '429',
          date: graphDate(context.now),
          message: 'Please retry after',
          'request-id': requestId,
          status: '429',
        },
        message: 'Please retry again later.',
      },
    },
  } satisfies EmuResponse;
}
