import type { JWK } from 'jose';
import { type AadstsContext, aadstsError } from '../aadsts.js';
import type { TenantInfo } from '../apps.js';
import type { EmuClock, EmuResponse } from '../routing.js';
import { secretEquals } from '../secret-equal.js';
import { authorize, type PendingCode, resourceMismatch, s256 } from './authorize.js';
import { createOwnApiRegistration, type OwnApiRegistration, ownApiScope } from './registration.js';
import { SigningKeyRing } from './signing-keys.js';
import { OwnApiTokens, type WrongTokenKind } from './tokens.js';

const tokenResponse = (accessToken: string, lifetime: number, scope: string): EmuResponse => ({
  status: 200,
  headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
  body: {
    token_type: 'Bearer',
    scope,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
  },
});

/**
 * The emulator as Entra ID for mcp-xdr's own API (inbound authentication), in the home tenant:
 * the authorization code flow with PKCE for the public client, client credentials for the
 * confidential apps, signing keys that rotate on demand, and tokens that are wrong on purpose.
 */
export class OwnApiAuthority {
  readonly registration: OwnApiRegistration;
  readonly #keys = new SigningKeyRing();
  readonly #tokens: OwnApiTokens;
  readonly #codes = new Map<string, PendingCode>();

  constructor(
    home: TenantInfo,
    private readonly others: readonly TenantInfo[],
    seed: number,
    clock: EmuClock,
    lifetimeSeconds: number,
  ) {
    this.registration = createOwnApiRegistration(home, seed);
    this.#tokens = new OwnApiTokens(this.registration, this.#keys, clock, lifetimeSeconds);
  }

  isHome(tenant: TenantInfo): boolean {
    return tenant.tenantId === this.registration.tenant.tenantId;
  }

  jwks(): Promise<JWK[]> {
    return this.#keys.published();
  }

  rotateKeys(): Promise<string> {
    return this.#keys.rotate();
  }

  addIdentifierUri(uri: string): void {
    if (!this.registration.identifierUris.includes(uri)) this.registration.identifierUris.push(uri);
  }

  authorize(query: URLSearchParams, context: AadstsContext): EmuResponse {
    this.#forgetExpired(context.now);
    return authorize(this.registration, query, context, (code, pending) => this.#codes.set(code, pending));
  }

  /** A token for a test user (via the public client) or an app, perhaps wrong on purpose. */
  async mint(request: {
    user?: string;
    app?: string;
    wrong?: WrongTokenKind;
    origin: string;
  }): Promise<string> {
    const { users, apps, publicClient, identifierUris, server } = this.registration;
    const foreignTenantId = this.others[0]?.tenantId;
    const common = {
      origin: request.origin,
      wrong: request.wrong,
      ...(foreignTenantId ? { foreignTenantId } : {}),
    };
    if (request.app !== undefined) {
      const app = apps.find((a) => a.name === request.app);
      if (app === undefined) throw new RangeError(`no app ${request.app}`);
      return this.#tokens.mint({ ...common, subject: { kind: 'app', app } });
    }
    const user = users.find((u) => u.name === (request.user ?? users[0]?.name));
    if (user === undefined) throw new RangeError(`no user ${request.user}`);
    const scope = `${identifierUris[0]}/${server.scope}`;
    return this.#tokens.mint({
      ...common,
      subject: { kind: 'user', user, clientId: publicClient.clientId, scope },
    });
  }

  /** The token endpoint's answer for a request to our API, or undefined when it is for Graph/MDE. */
  async token(
    form: URLSearchParams,
    origin: string,
    context: AadstsContext,
  ): Promise<EmuResponse | undefined> {
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') return this.#redeemCode(form, origin, context);
    const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (grant !== 'client_credentials' || ownApiScope(this.registration, scopes) === undefined)
      return undefined;
    const app = this.registration.apps.find((a) => a.clientId === form.get('client_id')?.toLowerCase());
    if (app === undefined)
      return aadstsError(
        'unknownClient',
        `Application with identifier '${form.get('client_id')}' was not found.`,
        context,
      );
    if (!secretEquals(form.get('client_secret') ?? undefined, app.secret))
      return aadstsError('badSecret', `Invalid client secret provided for app '${app.clientId}'.`, context);
    if (scopes.length !== 1 || !scopes[0]?.endsWith('/.default'))
      return aadstsError('invalidScope', 'Client credentials take one {resource}/.default scope.', context);
    if (resourceMismatch(this.registration, form.get('resource')))
      return aadstsError(
        'resourceMismatch',
        "The resource parameter doesn't match with the requested scopes.",
        context,
      );
    const token = await this.#tokens.mint({ origin, subject: { kind: 'app', app } });
    return tokenResponse(token, this.#tokens.lifetimeSeconds, scopes[0]);
  }

  async #redeemCode(form: URLSearchParams, origin: string, context: AadstsContext): Promise<EmuResponse> {
    const code = form.get('code') ?? '';
    const pending = this.#codes.get(code);
    // Single use: a replayed code finds nothing, whatever happens next.
    this.#codes.delete(code);
    if (pending === undefined || pending.expiresAt <= context.now)
      return aadstsError(
        'codeInvalid',
        'The provided authorization code or refresh token has expired or was already redeemed.',
        context,
      );
    if (
      form.get('client_id')?.toLowerCase() !== pending.clientId ||
      form.get('redirect_uri') !== pending.redirectUri
    )
      return aadstsError(
        'codeInvalid',
        'The authorization code was issued to another client or redirect URI.',
        context,
      );
    if (s256(form.get('code_verifier') ?? '') !== pending.challenge)
      return aadstsError(
        'pkceMismatch',
        'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        context,
      );
    const resource = form.get('resource');
    if (resourceMismatch(this.registration, resource))
      return aadstsError(
        'resourceMismatch',
        "The resource parameter provided in the request doesn't match with the requested scopes.",
        context,
      );
    const token = await this.#tokens.mint({
      origin,
      subject: { kind: 'user', user: pending.user, clientId: pending.clientId, scope: pending.scope },
    });
    return tokenResponse(token, this.#tokens.lifetimeSeconds, pending.scope);
  }

  #forgetExpired(now: number): void {
    for (const [code, pending] of this.#codes) if (pending.expiresAt <= now) this.#codes.delete(code);
  }
}
