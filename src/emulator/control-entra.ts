import { z } from 'zod';
import type { CallRecord } from './call-log.js';
import { WRONG_TOKEN_KINDS, type WrongTokenKind } from './own-api/tokens.js';
import type { EmuResponse } from './routing.js';

/** Control of the emulator as Entra for mcp-xdr's own API, and of the Graph/MDE call record. */
export interface OwnApiControl {
  /** Signs new tokens with a new key (the previous one stays in the JWKS); returns its kid. */
  rotateKeys(): Promise<string>;
  /** A token for a test user (default: the first) or an app, perhaps wrong on purpose. */
  token(request: { user?: string; app?: string; wrong?: WrongTokenKind }): Promise<string>;
  /** Lets `resource` (RFC 8707) name this URI too: the MCP server's URL, known once it listens. */
  addIdentifierUri(uri: string): void;
}

export interface CallRecordControl {
  list(): readonly CallRecord[];
  clear(): void;
}

const TokenBody = z
  .object({
    user: z.string().min(1).max(100).optional(),
    app: z.string().min(1).max(100).optional(),
    wrong: z.enum(WRONG_TOKEN_KINDS).optional(),
  })
  .strict();
const UriBody = z.object({ uri: z.string().url() }).strict();

const ok = (body: unknown): EmuResponse => ({ status: 200, body });
const fail = (status: number, message: string): EmuResponse => ({ status, body: { error: message } });

/**
 * `POST entra/rotate`, `POST entra/tokens`, `POST entra/identifierUris`, `GET calls`, `DELETE calls`;
 * undefined for any other route (the caller handles those).
 */
export function ownApiControlRoute(
  parts: { entra: OwnApiControl; calls: CallRecordControl },
  route: string,
  body: unknown,
): Promise<EmuResponse> | EmuResponse | undefined {
  switch (route) {
    case 'POST /entra/rotate':
      return parts.entra.rotateKeys().then((kid) => ok({ kid }));
    case 'POST /entra/tokens': {
      const parsed = TokenBody.safeParse(body ?? {});
      if (!parsed.success) return fail(400, parsed.error.message);
      return parts.entra.token(parsed.data).then(
        (token) => ok({ access_token: token }),
        (error: unknown) => fail(400, error instanceof Error ? error.message : String(error)),
      );
    }
    case 'POST /entra/identifierUris': {
      const parsed = UriBody.safeParse(body);
      if (!parsed.success) return fail(400, parsed.error.message);
      parts.entra.addIdentifierUri(parsed.data.uri);
      return ok(parsed.data);
    }
    case 'GET /calls':
      return ok({ calls: parts.calls.list() });
    case 'DELETE /calls':
      parts.calls.clear();
      return ok({ cleared: true });
    default:
      return undefined;
  }
}
