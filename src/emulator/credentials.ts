import { randomBytes } from 'node:crypto';
import { buildCertificate, buildPfx, certificateThumbprints, generateRsaKeyPair } from './certs.js';

/** An app registration's certificate credential, in every form a client may load. */
export interface AppCertificate {
  /** PKCS#8 PEM, unencrypted (what MSAL's `clientCertificate.privateKey` takes). */
  keyPem: string;
  certPem: string;
  /** PKCS#12 with key and certificate, protected by `passphrase`. */
  pfx: Buffer;
  passphrase: string;
  /** Upper-case hex digests of the certificate DER. */
  thumbprintSha1: string;
  thumbprintSha256: string;
}

export interface AppCredentials {
  certificate: AppCertificate;
  /** Client secret value (not its id), shaped like Entra's: `xxx8Q~` + 34 characters. */
  secret: string;
}

function randomText(length: number): string {
  // base64url without `-`/`_` keeps secrets copy-paste safe in shells and env files.
  return randomBytes(length * 2)
    .toString('base64url')
    .replace(/[-_]/g, '')
    .slice(0, length);
}

export function newClientSecret(): string {
  return `${randomText(3)}8Q~${randomText(34)}`;
}

/** A self-signed certificate (as `New-SelfSignedCertificate` would make) plus a client secret. */
export async function createAppCredentials(commonName: string): Promise<AppCredentials> {
  const keys = await generateRsaKeyPair();
  const certPem = buildCertificate({ commonName, keys, validityDays: 365 });
  const passphrase = randomText(32);
  const { sha1, sha256 } = certificateThumbprints(certPem);
  return {
    certificate: {
      keyPem: keys.privateKeyPem,
      certPem,
      pfx: buildPfx(keys.privateKeyPem, certPem, passphrase, commonName),
      passphrase,
      thumbprintSha1: sha1,
      thumbprintSha256: sha256,
    },
    secret: newClientSecret(),
  };
}
