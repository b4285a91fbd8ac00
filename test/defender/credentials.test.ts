import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialError, loadCredential } from '../../src/defender/credentials.js';
import { makeTestCert } from './support/certs.js';

const cert = makeTestCert();
const other = makeTestCert({ cn: 'other' });
const env = { PFX_PASS: cert.passphrase };

function failure(fn: () => unknown): CredentialError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CredentialError) return e;
    throw e;
  }
  throw new Error('expected a CredentialError');
}

describe('loadCredential', () => {
  const expectedThumb = createHash('sha256').update(new X509Certificate(cert.certPem).raw).digest('hex');

  it('reads a PFX with the passphrase from a named env var, SHA-256 thumbprint, PKCS#8 key, expiry', () => {
    const c = loadCredential(
      'contoso',
      { kind: 'certificate', pfxPath: cert.pfxPath, passphraseEnv: 'PFX_PASS' },
      { env },
    );
    expect(c.kind).toBe('certificate');
    if (c.kind !== 'certificate') return;
    expect(c.thumbprintSha256).toBe(expectedThumb);
    expect(c.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(c.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('reads a legacy 3DES PFX', () => {
    const legacy = makeTestCert({ pfxAlgorithm: '3des' });
    const c = loadCredential(
      'c',
      { kind: 'certificate', pfxPath: legacy.pfxPath, passphrase: legacy.passphrase },
      { env: {} },
    );
    expect(c.kind).toBe('certificate');
  });

  it('reads a PFX with an inline passphrase', () => {
    const c = loadCredential(
      'c',
      { kind: 'certificate', pfxPath: cert.pfxPath, passphrase: cert.passphrase },
      { env: {} },
    );
    expect(c.kind === 'certificate' && c.thumbprintSha256).toBe(expectedThumb);
  });

  it('reads PEM key and certificate, plain and encrypted', () => {
    const plain = loadCredential(
      'c',
      { kind: 'certificate', keyPath: cert.keyPath, certPath: cert.certPath },
      { env: {} },
    );
    expect(plain.kind === 'certificate' && plain.thumbprintSha256).toBe(expectedThumb);
    const enc = loadCredential(
      'c',
      {
        kind: 'certificate',
        keyPath: cert.encryptedKeyPath,
        certPath: cert.certPath,
        passphraseEnv: 'PFX_PASS',
      },
      { env },
    );
    expect(enc.kind === 'certificate' && enc.thumbprintSha256).toBe(expectedThumb);
  });

  it('picks the leaf that matches the key from a chain', () => {
    const chainPath = join(cert.dir, 'chain.pem');
    writeFileSync(chainPath, other.certPem + cert.certPem);
    const c = loadCredential(
      'c',
      { kind: 'certificate', keyPath: cert.keyPath, certPath: chainPath },
      { env: {} },
    );
    expect(c.kind === 'certificate' && c.thumbprintSha256).toBe(expectedThumb);
  });

  it('reports a wrong PFX passphrase without echoing it', () => {
    const e = failure(() =>
      loadCredential(
        'contoso',
        { kind: 'certificate', pfxPath: cert.pfxPath, passphraseEnv: 'PFX_PASS' },
        { env: { PFX_PASS: 'canary-wrong-pass' } },
      ),
    );
    expect(e.reason).toBe('wrong_passphrase');
    expect(e.message).toBe('Tenant "contoso": the certificate passphrase is wrong.');
    expect(JSON.stringify([e.message, e.hint])).not.toContain('canary-wrong-pass');
  });

  it('reports a wrong PEM passphrase and a missing one', () => {
    const spec = {
      kind: 'certificate' as const,
      keyPath: cert.encryptedKeyPath,
      certPath: cert.certPath,
      passphraseEnv: 'P',
    };
    expect(failure(() => loadCredential('c', spec, { env: { P: 'nope' } })).reason).toBe('wrong_passphrase');
    expect(
      failure(() => loadCredential('c', { ...spec, passphraseEnv: undefined }, { env: {} })).reason,
    ).toBe('missing_passphrase');
  });

  it('calls every wrong PEM passphrase wrong, also when the garbage it decrypts to has valid padding', () => {
    // About 1 wrong passphrase in 250 decrypts to garbage with valid padding, and OpenSSL reports an
    // unsupported key instead of a bad decrypt; 1,000 tries meet that case almost surely.
    const spec = {
      kind: 'certificate' as const,
      keyPath: cert.encryptedKeyPath,
      certPath: cert.certPath,
      passphraseEnv: 'P',
    };
    const reasons = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      reasons.add(failure(() => loadCredential('c', spec, { env: { P: `wrong-${i}` } })).reason);
    }
    expect([...reasons]).toEqual(['wrong_passphrase']);
  });

  it('names an unset passphrase or secret variable', () => {
    const e = failure(() =>
      loadCredential(
        'c',
        { kind: 'certificate', pfxPath: cert.pfxPath, passphraseEnv: 'NOT_SET' },
        { env: {} },
      ),
    );
    expect(e.reason).toBe('missing_passphrase');
    expect(e.message).toContain('NOT_SET');
    expect(
      failure(() => loadCredential('c', { kind: 'secret', secretEnv: 'S' }, { env: {} })).message,
    ).toContain('S is not set');
  });

  it('rejects a certificate that does not match the key', () => {
    const e = failure(() =>
      loadCredential(
        'c',
        { kind: 'certificate', keyPath: cert.keyPath, certPath: other.certPath },
        { env: {} },
      ),
    );
    expect(e.reason).toBe('key_mismatch');
  });

  it('rejects an expired certificate with its date', () => {
    const old = makeTestCert({ notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    const e = failure(() =>
      loadCredential('c', { kind: 'certificate', keyPath: old.keyPath, certPath: old.certPath }, { env: {} }),
    );
    expect(e.reason).toBe('expired');
    expect(e.message).toContain('2021-01-01');
  });

  it('reports unreadable and non-PFX files without paths', () => {
    const e = failure(() =>
      loadCredential('c', { kind: 'certificate', pfxPath: '/nonexistent/x.pfx' }, { env: {} }),
    );
    expect(e.reason).toBe('unreadable');
    expect(e.message).not.toContain('/nonexistent');
    expect(
      failure(() => loadCredential('c', { kind: 'certificate', pfxPath: cert.certPath }, { env: {} })).reason,
    ).toBe('unreadable');
  });

  it('returns secret and managed identity credentials', () => {
    expect(loadCredential('c', { kind: 'secret', secretEnv: 'S' }, { env: { S: 'x' } })).toEqual({
      kind: 'secret',
      secret: 'x',
    });
    expect(loadCredential('c', { kind: 'managedIdentity' }, { env: {} })).toEqual({
      kind: 'managedIdentity',
      clientId: undefined,
    });
  });
});
