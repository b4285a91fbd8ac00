import { createHash, randomBytes } from 'node:crypto';
import { type AadstsContext, aadstsError } from '../aadsts.js';
import type { EmuResponse } from '../routing.js';
import { type OwnApiRegistration, type OwnApiUser, ownApiScope } from './registration.js';

/** What an authorization code stands for, until redeemed once or expired. */
export interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  user: OwnApiUser;
  scope: string;
  resource: string | undefined;
  expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;

/** Public clients may use any port on a loopback redirect URI (RFC 8252 7.3), as Entra allows. */
function isLoopbackRedirect(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** `resource` (RFC 8707) must name this app, like Entra's check that it agrees with the scope. */
export function resourceMismatch(registration: OwnApiRegistration, resource: string | null): boolean {
  if (resource === null) return false;
  const wanted = resource.replace(/\/+$/, '').toLowerCase();
  return !registration.identifierUris.some((uri) => uri.replace(/\/+$/, '').toLowerCase() === wanted);
}

/**
 * `GET /{tenant}/oauth2/v2.0/authorize` for the public client: no login page, the user is the one
 * named by `login_hint` (default: the first test user), as if they had signed in. Errors before the
 * redirect URI is trusted are answered here; later ones go back to the client, as OAuth requires.
 */
export function authorize(
  registration: OwnApiRegistration,
  query: URLSearchParams,
  context: AadstsContext,
  remember: (code: string, pending: PendingCode) => void,
): EmuResponse {
  const clientId = query.get('client_id') ?? '';
  const redirectUri = query.get('redirect_uri') ?? '';
  if (clientId.toLowerCase() !== registration.publicClient.clientId) {
    return aadstsError('unknownClient', `Application with identifier '${clientId}' was not found.`, context);
  }
  if (!isLoopbackRedirect(redirectUri)) {
    return aadstsError(
      'badRedirectUri',
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application.`,
      context,
    );
  }
  const back = (params: Record<string, string>): EmuResponse => {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { Location: target.href } };
  };
  const refuse = (kind: 'missingParameter' | 'invalidScope' | 'resourceMismatch', message: string) => {
    const body = aadstsError(kind, message, context).body as { error: string; error_description: string };
    return back({ error: body.error, error_description: body.error_description });
  };
  if (query.get('response_type') !== 'code')
    return refuse('missingParameter', "response_type must be 'code'.");
  const challenge = query.get('code_challenge');
  if (challenge === null || query.get('code_challenge_method') !== 'S256') {
    return refuse('missingParameter', 'PKCE is required: code_challenge with code_challenge_method S256.');
  }
  const scopes = (query.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const scope = ownApiScope(registration, scopes);
  if (scope === undefined) {
    return refuse('invalidScope', `The provided value for the input parameter 'scope' is not valid.`);
  }
  const resource = query.get('resource');
  if (resourceMismatch(registration, resource)) {
    return refuse(
      'resourceMismatch',
      "The resource parameter provided in the request doesn't match with the requested scopes.",
    );
  }
  const hint = query.get('login_hint')?.toLowerCase();
  const user =
    hint === undefined
      ? registration.users[0]
      : registration.users.find((u) => u.upn.toLowerCase() === hint || u.name === hint);
  if (user === undefined) return back({ error: 'access_denied', error_description: 'No such user.' });
  const code = randomBytes(32).toString('base64url');
  remember(code, {
    clientId: registration.publicClient.clientId,
    redirectUri,
    challenge,
    user,
    scope,
    resource: resource ?? undefined,
    expiresAt: context.now + CODE_LIFETIME_MS,
  });
  return back({ code });
}
