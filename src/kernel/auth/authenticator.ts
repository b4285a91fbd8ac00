import type { AuthConfig } from '../config/auth-schema.js';
import type { AuthMethod, Principal } from '../types.js';
import { ApiKeyVerifier, looksLikeApiKey } from './api-keys.js';
import { presentedCredential } from './credentials.js';
import { roleGrants } from './roles.js';

/** Why authentication failed: safe to log and audit (never the credential itself). */
export type AuthFailure = {
  readonly ok: false;
  /**
   * `missing`: no credential at all (the client should discover how to get one); `forbidden`: a valid
   * token that maps to none of our roles (403, not 401: a new token of the same kind would not help);
   * `unavailable`: the token could not be checked (the issuer's keys are unreachable): 503, not the
   * client's fault.
   */
  readonly reason: 'missing' | 'invalid' | 'forbidden' | 'unavailable';
  readonly method: AuthMethod | 'unknown';
  readonly detail: string;
};

export type AuthOutcome = { readonly ok: true; readonly principal: Principal } | AuthFailure;

/** Validates one kind of bearer token (Entra JWTs); the authenticator owns API keys itself. */
export interface TokenValidator {
  validate(token: string): Promise<AuthOutcome>;
}

export interface Authenticator {
  authenticate(headers: Record<string, string | string[] | undefined>): Promise<AuthOutcome>;
}

const fail = (reason: AuthFailure['reason'], method: AuthFailure['method'], detail: string): AuthFailure => ({
  ok: false,
  reason,
  method,
  detail,
});

/**
 * API keys (by their prefix, as a Bearer token or X-API-Key) and, when configured, bearer tokens
 * for `tokens` (Entra). A key that is not ours never goes to the token validator and vice versa.
 */
export function createAuthenticator(auth: AuthConfig, tokens?: TokenValidator): Authenticator {
  const keys = new ApiKeyVerifier(auth.apiKeys, roleGrants(auth));
  return {
    async authenticate(headers) {
      const credential = presentedCredential(headers);
      if (credential.kind === 'none') return fail('missing', 'unknown', 'no credentials');
      if (credential.kind === 'malformed') return fail('invalid', 'unknown', credential.detail);
      if (credential.kind === 'x-api-key' || looksLikeApiKey(credential.value)) {
        const principal = keys.verify(credential.value);
        return principal === undefined
          ? fail('invalid', 'api_key', 'unknown API key')
          : { ok: true, principal };
      }
      if (tokens === undefined) return fail('invalid', 'unknown', 'not an API key of this server');
      return tokens.validate(credential.value);
    },
  };
}
