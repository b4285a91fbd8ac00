import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/** A self-signed certificate made at test time (never committed), in every form the loader reads. */
export interface TestCert {
  keyPem: string;
  certPem: string;
  /** PKCS#12 DER bytes protected by `passphrase`. */
  pfx: Buffer;
  passphrase: string;
  dir: string;
  pfxPath: string;
  keyPath: string;
  encryptedKeyPath: string;
  certPath: string;
}

export function makeTestCert(
  options: {
    cn?: string;
    notBefore?: Date;
    notAfter?: Date;
    passphrase?: string;
    pfxAlgorithm?: 'aes256' | '3des';
  } = {},
): TestCert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ format: 'pem', type: 'spki' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  const attrs = [{ name: 'commonName', value: options.cn ?? 'mcp-xdr-test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forgeKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const passphrase = options.passphrase ?? `pfx-${randomBytes(6).toString('hex')}`;
  const p12 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], passphrase, {
    algorithm: options.pfxAlgorithm ?? 'aes256',
  });
  const pfx = Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-cert-'));
  const write = (name: string, data: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    chmodSync(path, 0o600);
    return path;
  };
  const encryptedKey = privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase });
  return {
    keyPem,
    certPem,
    pfx,
    passphrase,
    dir,
    pfxPath: write('cert.pfx', pfx),
    keyPath: write('key.pem', keyPem),
    encryptedKeyPath: write('key.enc.pem', encryptedKey.toString()),
    certPath: write('cert.pem', certPem),
  };
}
