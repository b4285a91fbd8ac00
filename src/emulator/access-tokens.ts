import { createHash, randomUUID } from 'node:crypto';
import { errors, exportJWK, importPKCS8, importSPKI, type JWK, jwtVerify, SignJWT } from 'jose';
import type { RsaKeyPair } from './certs.js';
import { RESOURCE_URIS } from './resources.js';
import type { ApiName, EmuClock } from './routing.js';

export interface TokenGrant {
  tenantId: string;
  clientId: string;
  objectId: string;
  api: ApiName;
  roles: readonly string[];
  /** `appidacr`: 1 = client secret, 2 = certificate, 0 = managed identity. */
  authMethod: 'secret' | 'certificate' | 'managedIdentity';
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresOn: number;
}

export interface VerifiedAccessToken {
  tenantId: string;
  appId: string;
  audience: string;
  roles: string[];
}

export type TokenFailure = 'missing' | 'malformed' | 'expired' | 'invalid';

export interface TokenIssuer {
  issue(grant: TokenGrant): Promise<IssuedToken>;
  verify(token: string): Promise<VerifiedAccessToken | { failure: TokenFailure }>;
  /** The signing key as a JWK set, served at the discovery `jwks_uri`. */
  jwks(): Promise<{ keys: JWK[] }>;
}

const APPIDACR = { secret: '1', certificate: '2', managedIdentity: '0' } as const;

export const stsIssuer = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

/** Access tokens shaped like Entra's v1 app-only tokens, signed with a key generated at start. */
export async function createTokenIssuer(
  keys: RsaKeyPair,
  clock: EmuClock,
  lifetimeSeconds: number,
): Promise<TokenIssuer> {
  const privateKey = await importPKCS8(keys.privateKeyPem, 'RS256');
  const publicKey = await importSPKI(keys.publicKeyPem, 'RS256');
  const kid = createHash('sha256').update(keys.publicKeyPem).digest('base64url').slice(0, 27);
  return {
    async issue(grant) {
      const now = Math.floor(clock.now() / 1000);
      const expiresOn = now + lifetimeSeconds;
      const accessToken = await new SignJWT({
        aio: randomUUID(),
        appid: grant.clientId,
        azp: grant.clientId,
        appidacr: APPIDACR[grant.authMethod],
        idp: stsIssuer(grant.tenantId),
        oid: grant.objectId,
        roles: [...grant.roles],
        tid: grant.tenantId,
        uti: randomUUID().replace(/-/g, '').slice(0, 22),
        ver: '1.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(stsIssuer(grant.tenantId))
        .setAudience(RESOURCE_URIS[grant.api])
        .setSubject(grant.objectId)
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(expiresOn)
        .sign(privateKey);
      return { accessToken, expiresIn: lifetimeSeconds, expiresOn };
    },
    async verify(token) {
      if (token === '') return { failure: 'missing' };
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          algorithms: ['RS256'],
          currentDate: new Date(clock.now()),
          clockTolerance: 5,
          requiredClaims: ['tid', 'aud', 'exp', 'appid'],
        });
        const tenantId = String(payload.tid);
        if (payload.iss !== stsIssuer(tenantId)) return { failure: 'invalid' };
        return {
          tenantId,
          appId: String(payload.appid),
          audience: String(payload.aud),
          roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        };
      } catch (error) {
        if (error instanceof errors.JWTExpired) return { failure: 'expired' };
        if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
          return { failure: 'malformed' };
        return { failure: 'invalid' };
      }
    },
    async jwks() {
      return { keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }] };
    },
  };
}
