import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { Agent, fetch as undiciFetch } from 'undici';
import { tenantIssuer } from './entra-issuer.js';

export type FetchLike = (
  url: string,
  init?: { headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<Response>;

/** fetch, trusting one extra CA (PEM file) besides the public roots when given. */
export function fetchTrusting(caFile: string | undefined): FetchLike {
  if (caFile === undefined) return (url, init) => fetch(url, init);
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, readFileSync(caFile, 'utf8')] } });
  return (url, init) => undiciFetch(url, { ...init, dispatcher }) as unknown as Promise<Response>;
}

export interface TenantKeyOptions {
  readonly authority: string;
  readonly fetch: FetchLike;
  /** After fetching keys, an unknown `kid` triggers no new fetch for this long. */
  readonly cooldownMs: number;
  readonly timeoutMs?: number;
}

/**
 * Signing keys per allowed tenant, found through the tenant's OpenID metadata (`jwks_uri`) and kept
 * by jose: cached, refetched when a token names an unknown `kid` (key rotation) but at most once per
 * cooldown, so tokens with made-up key ids cannot turn the server into a JWKS fetch loop.
 * A failed metadata fetch is not remembered: the next token tries again.
 */
export class TenantKeys {
  readonly #sets = new Map<string, Promise<JWTVerifyGetKey>>();

  constructor(private readonly options: TenantKeyOptions) {}

  keysOf(tenantId: string): Promise<JWTVerifyGetKey> {
    let set = this.#sets.get(tenantId);
    if (set === undefined) {
      set = this.#discover(tenantId);
      this.#sets.set(tenantId, set);
      set.catch(() => this.#sets.delete(tenantId));
    }
    return set;
  }

  async #discover(tenantId: string): Promise<JWTVerifyGetKey> {
    const issuer = tenantIssuer(this.options.authority, tenantId);
    const timeout = this.options.timeoutMs ?? 5000;
    const response = await this.options.fetch(`${issuer}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeout),
    });
    if (response.status !== 200)
      throw new Error(`OpenID metadata of tenant ${tenantId}: HTTP ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (metadata.issuer !== issuer)
      throw new Error(`OpenID metadata of tenant ${tenantId} names another issuer`);
    if (typeof metadata.jwks_uri !== 'string')
      throw new Error(`OpenID metadata of tenant ${tenantId} has no jwks_uri`);
    const fetchImpl = this.options.fetch;
    return createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cooldownDuration: this.options.cooldownMs,
      timeoutDuration: timeout,
      [customFetch]: (url: string, init: { headers: Headers; signal: AbortSignal }) =>
        fetchImpl(url, { headers: Object.fromEntries(init.headers.entries()), signal: init.signal }),
    });
  }
}
