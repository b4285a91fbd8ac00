import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config/auth-schema.js';
import type { Principal } from '../types.js';
import type { RoleGrant } from './roles.js';

/** Every key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'mxk_';

/** `sha256:<hex>`: what the config stores. Keys carry 256 random bits, so a fast hash is enough. */
export function hashApiKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** A new key (shown once) and the hash to put in the config. */
export function createApiKey(): { key: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key) };
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

interface StoredKey {
  readonly digest: Buffer;
  readonly principal: Principal;
}

/** Checks presented keys against the stored hashes. */
export class ApiKeyVerifier {
  readonly #keys: readonly StoredKey[];

  constructor(keys: readonly ApiKeyConfig[], roles: ReadonlyMap<string, RoleGrant>) {
    this.#keys = keys.map((key) => ({
      digest: Buffer.from(key.hash.slice('sha256:'.length), 'hex'),
      principal: { id: key.name, kind: 'http', role: roles.get(key.role), authMethod: 'api_key' },
    }));
  }

  /**
   * The key's principal, or undefined. Every stored hash is compared, in constant time, whether or
   * not one matched already: the time taken says nothing about which key (or how much of it) matched.
   */
  verify(presented: string): Principal | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: Principal | undefined;
    for (const key of this.#keys) {
      if (timingSafeEqual(digest, key.digest) && found === undefined) found = key.principal;
    }
    return found;
  }
}
