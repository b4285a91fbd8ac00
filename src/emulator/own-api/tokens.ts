import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { EmuClock } from '../routing.js';
import type { OwnApiApp, OwnApiRegistration, OwnApiUser } from './registration.js';
import type { SigningKeyRing } from './signing-keys.js';

/** Ways a token for our API is wrong on purpose, each of which a resource server must refuse. */
export const WRONG_TOKEN_KINDS = [
  'audience',
  'expired',
  'notYetValid',
  'tenant',
  'issuer',
  'signature',
  'algNone',
] as const;
export type WrongTokenKind = (typeof WRONG_TOKEN_KINDS)[number];

export type OwnApiSubject =
  | { kind: 'user'; user: OwnApiUser; clientId: string; scope: string }
  | { kind: 'app'; app: OwnApiApp };

export interface OwnApiTokenRequest {
  subject: OwnApiSubject;
  /** `https://host:port`: the issuer is `{origin}/{tenant}/v2.0`. */
  origin: string;
  wrong?: WrongTokenKind | undefined;
  /** Another tenant's id, for `wrong: 'tenant'`. */
  foreignTenantId?: string;
}

function delegatedScope(requested: string, only: string): string {
  const name = requested.slice(requested.lastIndexOf('/') + 1);
  return name === '.default' ? only : name;
}

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const HOUR = 3600;

/** v2.0 access tokens for the server app, shaped like Entra's (claims per the access token reference). */
export class OwnApiTokens {
  constructor(
    private readonly registration: OwnApiRegistration,
    private readonly keys: SigningKeyRing,
    private readonly clock: EmuClock,
    readonly lifetimeSeconds: number,
  ) {}

  async mint(request: OwnApiTokenRequest): Promise<string> {
    const { subject, wrong } = request;
    const tenantId =
      wrong === 'tenant' ? (request.foreignTenantId ?? randomUUID()) : this.registration.tenant.tenantId;
    const now = Math.floor(this.clock.now() / 1000);
    const issuedAt = wrong === 'expired' ? now - 2 * HOUR : now;
    const notBefore = wrong === 'notYetValid' ? now + HOUR : issuedAt;
    const issuer =
      wrong === 'issuer'
        ? `https://sts.example.invalid/${tenantId}/v2.0`
        : `${request.origin}/${tenantId}/v2.0`;
    const claims = {
      aio: randomUUID(),
      azpacr: subject.kind === 'user' ? '0' : '1',
      tid: tenantId,
      uti: randomUUID().replace(/-/g, '').slice(0, 22),
      ver: '2.0',
      ...(subject.kind === 'user'
        ? {
            azp: subject.clientId,
            name: subject.user.displayName,
            oid: subject.user.objectId,
            preferred_username: subject.user.upn,
            // `scp` holds scope names without the resource; `.default` stands for the consented one.
            scp: delegatedScope(subject.scope, this.registration.server.scope),
            ...(subject.user.roles.length > 0 ? { roles: [...subject.user.roles] } : {}),
            ...(subject.user.groups.length > 0 ? { groups: [...subject.user.groups] } : {}),
          }
        : {
            azp: subject.app.clientId,
            idtyp: 'app',
            oid: subject.app.objectId,
            roles: [...subject.app.roles],
          }),
    };
    const registered = {
      iss: issuer,
      aud: wrong === 'audience' ? GRAPH_APP_ID : this.registration.server.clientId,
      sub: subject.kind === 'user' ? subject.user.objectId : subject.app.objectId,
      iat: issuedAt,
      nbf: notBefore,
      exp: wrong === 'expired' ? now - HOUR : issuedAt + this.lifetimeSeconds,
    };
    if (wrong === 'algNone') return new UnsecuredJWT({ ...claims, ...registered }).encode();
    const published = await this.keys.current();
    const signer = wrong === 'signature' ? await this.keys.stranger() : published;
    return new SignJWT({ ...claims, ...registered })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: published.kid })
      .sign(signer.privateKey);
  }
}
