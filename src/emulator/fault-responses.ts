import type { IncomingHttpHeaders } from 'node:http';
import { aadstsError } from './aadsts.js';
import { apiError, clientRequestId, graphThrottled } from './envelopes.js';
import type { FaultTarget } from './faults.js';
import type { EmuResponse } from './routing.js';

const GRAPH_CODES: Record<number, [string, string]> = {
  500: ['generalException', 'An unspecified error occurred.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['gatewayTimeout', 'The request timed out.'],
};

const MDE_CODES: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'API calls quota exceeded! Please retry later.'],
  500: ['InternalServerError', 'Internal server error.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
  504: ['GatewayTimeout', 'The request timed out.'],
};

/** The body each service sends for an injected 429/5xx: Graph, MDE, Entra or managed identity. */
export function faultStatusResponse(
  target: FaultTarget,
  status: 429 | 500 | 503 | 504,
  retryAfter: number | undefined,
  context: { headers: IncomingHttpHeaders; now: number },
): EmuResponse {
  const retry = retryAfter ?? (status === 429 ? 1 : undefined);
  const retryHeaders: Record<string, string> = retry === undefined ? {} : { 'Retry-After': String(retry) };
  if (target.api === 'graph') {
    if (status === 429) return graphThrottled(retry ?? 1, context);
    const [code, message] = GRAPH_CODES[status] ?? ['generalException', 'Error'];
    return apiError('graph', status, code, message, { ...context, extraHeaders: retryHeaders });
  }
  if (target.api === 'mde') {
    const [code, message] = MDE_CODES[status] ?? ['InternalServerError', 'Error'];
    // MDE sends whole seconds.
    const headers: Record<string, string> =
      retry === undefined ? {} : { 'Retry-After': String(Math.ceil(retry)) };
    return apiError('mde', status, code, message, { ...context, extraHeaders: headers });
  }
  const response = aadstsError(
    'temporarilyUnavailable',
    'A transient error has occurred. Please try again.',
    { now: context.now, correlationId: clientRequestId(context.headers) },
  );
  return { ...response, status, headers: { ...response.headers, ...retryHeaders } };
}
