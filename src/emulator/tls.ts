import { buildCertificate, generateRsaKeyPair } from './certs.js';

/** The emulator's own PKI: a CA clients trust by configuration, and the loopback server certificate. */
export interface TlsMaterial {
  caCertPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

export const SERVER_DNS_NAMES = ['localhost'] as const;
export const SERVER_IP_ADDRESSES = ['127.0.0.1', '::1'] as const;

/**
 * Generated at every start and never written to disk here (the CLI writes the CA for clients).
 * `extraDnsNames`: more names the server certificate covers (drop-in mode: Microsoft's hosts).
 */
export async function createTlsMaterial(extraDnsNames: readonly string[] = []): Promise<TlsMaterial> {
  const [caKeys, serverKeys] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
  const caCertPem = buildCertificate({
    commonName: 'mcp-xdr emulator CA',
    keys: caKeys,
    isCa: true,
    validityDays: 30,
  });
  const serverCertPem = buildCertificate({
    commonName: 'localhost',
    keys: serverKeys,
    issuer: { certPem: caCertPem, privateKeyPem: caKeys.privateKeyPem },
    dnsNames: [...SERVER_DNS_NAMES, ...extraDnsNames],
    ipAddresses: SERVER_IP_ADDRESSES,
    validityDays: 30,
  });
  return { caCertPem, serverKeyPem: serverKeys.privateKeyPem, serverCertPem };
}
