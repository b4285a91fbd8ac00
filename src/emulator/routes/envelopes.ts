import { randomUUID } from 'node:crypto';
import { iso7 } from '../data/time.js';
import type { EmuRequest, EmuResponse } from '../routing.js';

/**
 * Error bodies exactly as each API writes them (facts §2.5, §4.1). Request/correlation ids are
 * random (they are per request, not seeded data).
 */

/** Graph: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
export function graphError(
  req: EmuRequest,
  status: number,
  code: string,
  message: string,
  now = Date.now(),
): EmuResponse {
  const requestId = randomUUID();
  const clientRequestId = req.headers['client-request-id'];
  return {
    status,
    headers: { 'request-id': requestId },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: iso7(now).slice(0, 19),
          'request-id': requestId,
          'client-request-id': typeof clientRequestId === 'string' ? clientRequestId : requestId,
        },
      },
    },
  };
}

/** Defender for Endpoint: `{"error":{"code","message","target":"<correlation guid>"}}`. */
export function mdeError(status: number, code: string, message: string): EmuResponse {
  return { status, body: { error: { code, message, target: randomUUID() } } };
}

export function ok(body: unknown, status = 200): EmuResponse {
  return { status, body };
}
