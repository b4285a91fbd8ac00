import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
import { describe, expect, it } from 'vitest';
import { buildCertificate, generateRsaKeyPair, serialHex } from '../../src/emulator/certs.js';

describe('certificate serial numbers', () => {
  it('are positive, minimal DER integers whatever the random bytes', () => {
    const rest = '\u00aa'.repeat(14);
    for (let byte = 0; byte < 256; byte++) {
      const hex = serialHex(String.fromCharCode(byte) + rest);
      const first = Number.parseInt(hex.slice(0, 2), 16);
      expect(hex).toHaveLength(30);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(0x80);
    }
  });

  it('a certificate whose random serial starts with 0x00 is still accepted by OpenSSL', async () => {
    const keys = await generateRsaKeyPair();
    for (let n = 0; n < 40; n++) {
      const pem = buildCertificate({ commonName: 'localhost', keys, validityDays: 1 });
      // Both parse it as OpenSSL does: the X509 parser and a TLS server's context.
      expect(new X509Certificate(pem).serialNumber).toMatch(/^[0-7][0-9A-F]{29}$/);
      createServer({ key: keys.privateKeyPem, cert: pem }).close();
    }
  });
});
