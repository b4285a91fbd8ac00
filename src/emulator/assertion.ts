import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { AadstsKind } from './aadsts.js';
import type { AppCertificate } from './credentials.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Clock skew tolerated on `nbf`/`exp`, in seconds. */
export const ASSERTION_SKEW_SECONDS = 60;

export interface AssertionCheck {
  clientId: string;
  certificate: Pick<AppCertificate, 'certPem' | 'thumbprintSha1' | 'thumbprintSha256'>;
  /** Token endpoint URLs the `aud` claim may name (lower case). */
  audiences: readonly string[];
  now: number;
}

export type AssertionResult = { ok: true } | { ok: false; kind: AadstsKind; message: string };

const DOCS =
  'Review the documentation at https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .';

function headerThumbprint(header: Record<string, unknown>): { hex: string; sha256: boolean } | undefined {
  const s256 = header['x5t#S256'];
  const s1 = header.x5t;
  const value = typeof s256 === 'string' ? s256 : typeof s1 === 'string' ? s1 : undefined;
  if (value === undefined) return undefined;
  return {
    hex: Buffer.from(value, 'base64url').toString('hex').toUpperCase(),
    sha256: typeof s256 === 'string',
  };
}

/**
 * Verifies a client assertion the way Entra does: the thumbprint header picks the registered
 * certificate (SHA-256 `x5t#S256` with PS256, or legacy SHA-1 `x5t` with RS256), the signature must
 * verify with it, `aud` must be this tenant's token endpoint, `iss` = `sub` = client id, and the
 * assertion must be inside its `nbf`..`exp` window.
 */
export async function verifyClientAssertion(
  assertion: string,
  check: AssertionCheck,
): Promise<AssertionResult> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion) as Record<string, unknown>;
  } catch {
    return { ok: false, kind: 'malformedAssertion', message: 'JWT token is invalid or malformed.' };
  }
  const thumbprint = headerThumbprint(header);
  const registered = thumbprint?.sha256
    ? check.certificate.thumbprintSha256
    : check.certificate.thumbprintSha1;
  if (!thumbprint || thumbprint.hex !== registered) {
    return {
      ok: false,
      kind: 'certificateNotRegistered',
      message:
        `The certificate with identifier used to sign the client assertion is not registered on application. ` +
        `[Reason - The key was not found., Thumbprint of key used by client: '${thumbprint?.hex ?? ''}', ` +
        `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${check.clientId}'.]`,
    };
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(assertion, createPublicKey(check.certificate.certPem), {
      algorithms: ['RS256', 'PS256'],
      currentDate: new Date(check.now),
      clockTolerance: ASSERTION_SKEW_SECONDS,
      requiredClaims: ['aud', 'iss', 'sub', 'exp'],
    }));
  } catch (error) {
    if (
      error instanceof errors.JWTExpired ||
      (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
    ) {
      const { exp, nbf } = error.payload;
      return {
        ok: false,
        kind: 'assertionExpired',
        message:
          `Client assertion is not within its valid time range. Current time: ${new Date(check.now).toISOString()}, ` +
          `assertion valid from ${typeof nbf === 'number' ? new Date(nbf * 1000).toISOString() : 'unknown'}, ` +
          `expiry time of assertion ${typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'unknown'}. ${DOCS}`,
      };
    }
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
      return {
        ok: false,
        kind: 'certificateNotRegistered',
        message: `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint.hex}'] ${DOCS}`,
      };
    }
    return { ok: false, kind: 'malformedAssertion', message: 'JWT token is invalid or malformed.' };
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => typeof aud === 'string' && check.audiences.includes(aud.toLowerCase()))) {
    return {
      ok: false,
      kind: 'assertionAudience',
      message: `Client assertion audience claim does not match Realm issuer. ${DOCS}`,
    };
  }
  const clientId = check.clientId.toLowerCase();
  if (String(payload.iss).toLowerCase() !== clientId || String(payload.sub).toLowerCase() !== clientId) {
    return {
      ok: false,
      kind: 'assertionSubject',
      message: `Client assertion application identifier doesn't match 'client_id' parameter. ${DOCS}`,
    };
  }
  return { ok: true };
}
