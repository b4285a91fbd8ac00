import { createHash, generateKeyPair, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateKeyPairAsync = promisify(generateKeyPair);

/** An RSA key pair as PEM: PKCS#8 private key (what MSAL documents) and SPKI public key. */
export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * 2048-bit RSA via node:crypto (native, ~0.15 s a key here); the async form runs on the libuv pool, so
 * the keys of one emulator start are generated in parallel instead of one after another.
 */
export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export interface CertificateRequest {
  commonName: string;
  keys: RsaKeyPair;
  /** Signs the certificate; omitted = self-signed with `keys`. */
  issuer?: { certPem: string; privateKeyPem: string };
  isCa?: boolean;
  /** Subject alternative names for a TLS server certificate. */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  validityDays: number;
  /** Backdates notBefore so a client whose clock is slightly behind still accepts it. */
  notBeforeSkewMs?: number;
}

/** Builds an X.509 v3 certificate (SHA-256) with node-forge and returns it as PEM. */
export function buildCertificate(request: CertificateRequest): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.keys.publicKeyPem);
  cert.serialNumber = serialHex(forge.random.getBytesSync(15));
  const now = Date.now();
  cert.validity.notBefore = new Date(now - (request.notBeforeSkewMs ?? 60 * 60_000));
  cert.validity.notAfter = new Date(now + request.validityDays * 86_400_000);
  const subject = [
    { name: 'commonName', value: request.commonName },
    { name: 'organizationName', value: 'mcp-xdr emulator' },
  ];
  cert.setSubject(subject);
  const issuerCert = request.issuer ? forge.pki.certificateFromPem(request.issuer.certPem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: request.isCa === true, critical: request.isCa === true },
    request.isCa
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  const altNames = [
    ...(request.dnsNames ?? []).map((value) => ({ type: 2, value })),
    ...(request.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
  ];
  if (altNames.length > 0) {
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    extensions.push({ name: 'subjectAltName', altNames });
  }
  cert.setExtensions(extensions);
  const signingKey = forge.pki.privateKeyFromPem(request.issuer?.privateKeyPem ?? request.keys.privateKeyPem);
  cert.sign(signingKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** Upper-case hex SHA-1 and SHA-256 digests of the certificate's DER, as the Azure portal shows them. */
export function certificateThumbprints(certPem: string): { sha1: string; sha256: string } {
  const der = new X509Certificate(certPem).raw;
  return {
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

/** A PKCS#12 file (AES-256 encrypted key and certificate) protected by `passphrase`. */
export function buildPfx(
  privateKeyPem: string,
  certPem: string,
  passphrase: string,
  friendlyName: string,
): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(privateKeyPem),
    [forge.pki.certificateFromPem(certPem)],
    passphrase,
    { algorithm: 'aes256', friendlyName },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/**
 * A DER INTEGER must be positive and minimal: a first byte 0x01-0x7f gives both. (A first byte 0x00
 * before one under 0x80 is "illegal padding" to OpenSSL 3, which then refuses the certificate.)
 */
export function serialHex(randomBytes: string): string {
  const first = randomBytes.charCodeAt(0) & 0x7f || 0x01;
  return forge.util.bytesToHex(String.fromCharCode(first) + randomBytes.slice(1));
}
