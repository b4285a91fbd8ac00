import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type forgeTypes from 'node-forge';

type Forge = typeof forgeTypes;
let forgeModule: Forge | undefined;

/** node-forge (PFX only) is loaded when a PFX is first read, not with the access layer. */
function forgeLib(): Forge {
  forgeModule ??= createRequire(import.meta.url)('node-forge') as Forge;
  return forgeModule;
}

import type { CredentialSpec } from './config.js';

/**
 * Loads a tenant's credential into memory. Nothing is written to disk, and no message built here
 * contains a secret: errors name the tenant, the environment variable and what to fix.
 */
export type LoadedCredential =
  | {
      readonly kind: 'certificate';
      /** PKCS#8 PEM, as MSAL documents. Held in memory only. */
      readonly privateKey: string;
      /** Lower-case hex SHA-256 of the leaf certificate's DER (MSAL signs PS256 with `x5t#S256`). */
      readonly thumbprintSha256: string;
      readonly notAfter: Date;
      readonly subject: string;
    }
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'managedIdentity'; readonly clientId?: string | undefined };

export type CredentialFailure =
  | 'missing_passphrase'
  | 'wrong_passphrase'
  | 'missing_secret'
  | 'unreadable'
  | 'no_key'
  | 'no_certificate'
  | 'key_mismatch'
  | 'expired'
  | 'not_yet_valid';

/** Safe to show: holds only the tenant key, env var names and the kind of failure. */
export class CredentialError extends Error {
  override readonly name = 'CredentialError';
  constructor(
    readonly reason: CredentialFailure,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface KeyAndChain {
  key: KeyObject;
  chain: X509Certificate[];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export function loadCredential(
  tenantKey: string,
  spec: CredentialSpec,
  options: LoadOptions = {},
): LoadedCredential {
  const env = options.env ?? process.env;
  const label = `Tenant "${tenantKey}"`;
  if (spec.kind === 'managedIdentity') return { kind: 'managedIdentity', clientId: spec.clientId };
  if (spec.kind === 'secret') {
    const secret = env[spec.secretEnv];
    if (!secret) {
      throw new CredentialError(
        'missing_secret',
        `${label}: the client secret variable ${spec.secretEnv} is not set.`,
        `Set ${spec.secretEnv} in the server's environment, or switch to a certificate.`,
      );
    }
    return { kind: 'secret', secret };
  }
  const passphrase = passphraseFor(label, spec, env);
  const { key, chain } =
    'pfxPath' in spec
      ? readPfx(label, spec.pfxPath, passphrase)
      : readPem(label, spec.keyPath, spec.certPath, passphrase);
  const leaf = chain.find((cert) => cert.checkPrivateKey(key));
  if (!leaf) {
    throw new CredentialError(
      'key_mismatch',
      `${label}: no certificate in the file matches the private key.`,
      'Use the certificate that was created with this key (and uploaded to the app registration).',
    );
  }
  const notAfter = new Date(leaf.validTo);
  const notBefore = new Date(leaf.validFrom);
  const now = options.now ?? new Date();
  if (notAfter.getTime() <= now.getTime()) {
    throw new CredentialError(
      'expired',
      `${label}: the certificate expired on ${notAfter.toISOString()}.`,
      'Create a new certificate, upload it to the app registration, and point the tenant at it.',
    );
  }
  if (notBefore.getTime() > now.getTime()) {
    throw new CredentialError(
      'not_yet_valid',
      `${label}: the certificate is not valid before ${notBefore.toISOString()}.`,
      "Check the server's clock, or wait until the certificate becomes valid.",
    );
  }
  return {
    kind: 'certificate',
    privateKey: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    thumbprintSha256: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    notAfter,
    subject: leaf.subject,
  };
}

function passphraseFor(label: string, spec: CredentialSpec, env: NodeJS.ProcessEnv): string | undefined {
  if (spec.kind !== 'certificate') return undefined;
  if (spec.passphraseEnv) {
    const value = env[spec.passphraseEnv];
    if (value === undefined || value === '') {
      throw new CredentialError(
        'missing_passphrase',
        `${label}: the passphrase variable ${spec.passphraseEnv} is not set.`,
        `Set ${spec.passphraseEnv} in the server's environment.`,
      );
    }
    return value;
  }
  return 'passphrase' in spec ? spec.passphrase : undefined;
}

function readBytes(label: string, path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new CredentialError(
      'unreadable',
      `${label}: cannot read the ${what} file (${code}).`,
      `Check the ${what} path in the tenant configuration and that the server may read it.`,
    );
  }
}

function wrongPassphrase(label: string, hasPassphrase: boolean): CredentialError {
  return hasPassphrase
    ? new CredentialError(
        'wrong_passphrase',
        `${label}: the certificate passphrase is wrong.`,
        'Check the value of the passphrase environment variable.',
      )
    : new CredentialError(
        'missing_passphrase',
        `${label}: the key is encrypted and no passphrase is configured.`,
        'Set passphraseEnv (and that variable) for this tenant.',
      );
}

/** PKCS#12 via node-forge: Node's crypto cannot read PFX files outside TLS contexts. */
function readPfx(label: string, path: string, passphrase: string | undefined): KeyAndChain {
  const der = readBytes(label, path, 'PFX');
  const forge = forgeLib();
  let p12: forgeTypes.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString('binary')), false, passphrase ?? '');
  } catch (error) {
    if (/MAC could not be verified|Invalid password/i.test((error as Error).message)) {
      throw wrongPassphrase(label, passphrase !== undefined);
    }
    throw new CredentialError(
      'unreadable',
      `${label}: the PFX file is not a readable PKCS#12 file.`,
      'Export the certificate with its private key as .pfx/.p12, or use PEM keyPath and certPath.',
    );
  }
  const bagsOf = (type: string | undefined): forgeTypes.pkcs12.Bag[] =>
    type ? (p12.getBags({ bagType: type })[type] ?? []) : [];
  const bags = [...bagsOf(forge.pki.oids.pkcs8ShroudedKeyBag), ...bagsOf(forge.pki.oids.keyBag)];
  const forgeKey = bags.find((b) => b.key)?.key;
  if (!forgeKey) {
    throw new CredentialError(
      'no_key',
      `${label}: the PFX file holds no private key.`,
      'Export the certificate WITH its private key.',
    );
  }
  const pkcs8 = forge.pki.privateKeyInfoToPem(
    forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(forgeKey as forgeTypes.pki.rsa.PrivateKey)),
  );
  const chain = bagsOf(forge.pki.oids.certBag).flatMap((b) =>
    b.cert ? [new X509Certificate(forge.pki.certificateToPem(b.cert))] : [],
  );
  if (chain.length === 0) {
    throw new CredentialError(
      'no_certificate',
      `${label}: the PFX file holds no certificate.`,
      'Export the certificate with its key.',
    );
  }
  return { key: createPrivateKey(pkcs8), chain: chain as X509Certificate[] };
}

function readPem(
  label: string,
  keyPath: string,
  certPath: string,
  passphrase: string | undefined,
): KeyAndChain {
  const keyPem = readBytes(label, keyPath, 'key').toString('utf8');
  const encrypted = /ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(keyPem);
  if (passphrase === undefined && encrypted) throw wrongPassphrase(label, false);
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: keyPem,
      format: 'pem',
      ...(passphrase !== undefined ? { passphrase } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A wrong key decrypts to garbage whose padding is valid about once in 256 tries; OpenSSL then
    // fails on the garbage's ASN.1 instead of reporting bad decrypt. Encrypted + failed = wrong.
    if (
      encrypted ||
      /PASSPHRASE|BAD_DECRYPT|DECRYPT/i.test(code) ||
      /bad decrypt|passphrase/i.test((error as Error).message)
    ) {
      throw wrongPassphrase(label, passphrase !== undefined);
    }
    throw new CredentialError(
      'no_key',
      `${label}: the key file holds no readable private key.`,
      'Use a PEM private key.',
    );
  }
  const certText = readBytes(label, certPath, 'certificate').toString('utf8');
  const blocks = certText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const chain: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      chain.push(new X509Certificate(block));
    } catch {
      // A malformed block among valid ones: skip it; "no certificate" below covers the all-bad case.
    }
  }
  if (chain.length === 0) {
    throw new CredentialError(
      'no_certificate',
      `${label}: the certificate file holds no PEM certificate.`,
      'Point certPath at a PEM certificate.',
    );
  }
  return { key, chain };
}
