import { createHash } from 'node:crypto';
import { type CryptoKey, exportJWK, importPKCS8, importSPKI, type JWK } from 'jose';
import { generateRsaKeyPair } from '../certs.js';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const pair = await generateRsaKeyPair();
  const publicKey = await importSPKI(pair.publicKeyPem, 'RS256', { extractable: true });
  const kid = createHash('sha256').update(pair.publicKeyPem).digest('base64url').slice(0, 27);
  return {
    kid,
    privateKey: await importPKCS8(pair.privateKeyPem, 'RS256'),
    jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' },
  };
}

/**
 * The keys tokens for our own API are signed with. Made on first use (most emulator runs never
 * need them). `rotate()` signs with a new key from then on and keeps the previous one published,
 * as Entra overlaps its keys; older ones leave the JWKS.
 */
export class SigningKeyRing {
  #keys: Promise<SigningKey[]> | undefined;

  #ring(): Promise<SigningKey[]> {
    this.#keys ??= newKey().then((key) => [key]);
    return this.#keys;
  }

  async current(): Promise<SigningKey> {
    return (await this.#ring())[0] as SigningKey;
  }

  async published(): Promise<JWK[]> {
    return (await this.#ring()).map((key) => key.jwk);
  }

  /** The new key's id. */
  async rotate(): Promise<string> {
    const [ring, key] = await Promise.all([this.#ring(), newKey()]);
    this.#keys = Promise.resolve([key, ...ring.slice(0, 1)]);
    return key.kid;
  }

  /** A key that is in no JWKS: tokens signed with it, under a published kid, have a bad signature. */
  async stranger(): Promise<SigningKey> {
    return newKey();
  }
}
