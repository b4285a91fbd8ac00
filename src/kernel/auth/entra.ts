import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { AuthConfig, EntraConfig } from '../config/auth-schema.js';
import type { Principal } from '../types.js';
import type { AuthFailure, AuthOutcome, TokenValidator } from './authenticator.js';
import { tenantIssuer } from './entra-issuer.js';
import { type FetchLike, fetchTrusting, TenantKeys } from './entra-keys.js';
import { type RoleGrant, roleGrants } from './roles.js';

const invalid = (detail: string): AuthFailure => ({ ok: false, reason: 'invalid', method: 'entra', detail });

/** Values read from a token not yet verified go to the audit log only when they look harmless. */
const printable = (value: unknown): string =>
  typeof value === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(value) ? value : '(not shown)';

const strings = (claim: unknown): string[] =>
  Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : [];

/** The role a token's app roles (first) or groups map to, in the order the config lists them. */
function roleOf(entra: EntraConfig, payload: JWTPayload): string | undefined {
  const roles = strings(payload.roles);
  const groups = strings(payload.groups);
  return (
    Object.entries(entra.appRoles).find(([value]) => roles.includes(value))?.[1] ??
    Object.entries(entra.groups).find(([group]) => groups.includes(group))?.[1]
  );
}

function principalOf(payload: JWTPayload, role: RoleGrant | undefined): Principal {
  // oid is stable per user or service principal; app-only tokens name their client in azp/appid.
  const app = [payload.azp, payload.appid].find((v): v is string => typeof v === 'string');
  const user = [payload.preferred_username, payload.upn, payload.name].find(
    (v): v is string => typeof v === 'string',
  );
  const oid = typeof payload.oid === 'string' ? payload.oid : String(payload.sub);
  return {
    id: oid,
    kind: 'http',
    displayName: user ?? (app !== undefined ? `app ${app}` : oid),
    ...(role !== undefined ? { role } : {}),
    authMethod: 'entra',
  };
}

export interface EntraValidatorOptions {
  /** Tests: how metadata and keys are fetched (default: fetch trusting `caFile`). */
  readonly fetch?: FetchLike;
  readonly now?: () => number;
}

/**
 * Entra ID access tokens, as an OAuth 2.1 resource server: signature by a key of the tenant's
 * JWKS, algorithm allow-list, issuer and tenant allow-list, audience (this server), exp and nbf
 * with a small skew. Everything that needs no network (alg, tenant) is checked first, so a stranger's
 * token never makes this server fetch anything.
 */
export function createEntraValidator(
  auth: AuthConfig,
  entra: EntraConfig,
  options: EntraValidatorOptions = {},
): TokenValidator {
  const grants = roleGrants(auth);
  const allowedTenants = new Set(entra.tenants.map((t) => t.toLowerCase()));
  const keys = new TenantKeys({
    authority: entra.authority,
    fetch: options.fetch ?? fetchTrusting(entra.caFile),
    cooldownMs: entra.jwksCooldownSeconds * 1000,
  });
  const now = options.now ?? Date.now;
  return {
    async validate(token) {
      let tenantId: string;
      try {
        const header = decodeProtectedHeader(token);
        if (typeof header.alg !== 'string' || !(entra.algorithms as string[]).includes(header.alg))
          return invalid(`algorithm ${printable(header.alg)} is not accepted`);
        const tid = decodeJwt(token).tid;
        if (typeof tid !== 'string') return invalid('no tid claim');
        tenantId = tid.toLowerCase();
      } catch {
        return invalid('not a JWT');
      }
      if (!allowedTenants.has(tenantId)) return invalid(`tenant ${printable(tenantId)} is not allowed`);
      let payload: JWTPayload;
      try {
        const { payload: verified } = await jwtVerify(token, await keys.keysOf(tenantId), {
          algorithms: entra.algorithms,
          issuer: tenantIssuer(entra.authority, tenantId),
          audience: entra.audience,
          clockTolerance: entra.clockSkewSeconds,
          currentDate: new Date(now()),
          requiredClaims: ['exp', 'tid'],
        });
        payload = verified;
      } catch (error) {
        if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
          const detail = `could not fetch the signing keys: ${error instanceof Error ? error.message : String(error)}`;
          return { ok: false, reason: 'unavailable', method: 'entra', detail };
        }
        return invalid(failureDetail(error));
      }
      const roleName = roleOf(entra, payload);
      if (roleName === undefined)
        return {
          ok: false,
          reason: 'forbidden',
          method: 'entra',
          detail: 'no app role or group of the token maps to a role',
        };
      return { ok: true, principal: principalOf(payload, grants.get(roleName)) } satisfies AuthOutcome;
    },
  };
}

function failureDetail(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim} rejected: ${error.reason}`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad signature';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed by an unknown key';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not accepted';
  return `token rejected (${(error as errors.JOSEError).code})`;
}
