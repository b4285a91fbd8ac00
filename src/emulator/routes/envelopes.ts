import type { World } from '../data/world.js';
import { apiError } from '../envelopes.js';
import type { ApiName, EmuRequest, EmuResponse } from '../routing.js';

/** Error responses in each API's envelope (the server's `apiError`), dated on the world clock. */
export function errorOf(world: World) {
  return (api: ApiName, req: EmuRequest, status: number, code: string, message: string): EmuResponse =>
    apiError(api, status, code, message, { headers: req.headers, now: world.clock.now() });
}

export type ErrorFn = ReturnType<typeof errorOf>;

export function ok(body: unknown, status = 200): EmuResponse {
  return { status, body };
}

/** Graph's code for a malformed request; MDE's is `InvalidRequestBody`/`ODataError`/... per case. */
export const GRAPH_BAD_REQUEST = 'BadRequest';
