import type { Configuration } from '@azure/msal-node';
import { ToolError } from '../kernel/errors.js';
import { type CloudEndpoints, scopeFor } from './clouds.js';
import { type LoadedCredential, loadCredential } from './credentials.js';
import type { HttpStack } from './http.js';
import { parseRetryAfter } from './retry.js';
import type { TenantDefinition } from './tenant-sources.js';
import { aadstsCode, tokenFailure } from './token-errors.js';

export type Resource = 'graph' | 'mde';

type Msal = typeof import('@azure/msal-node');
let msalModule: Promise<Msal> | undefined;

/** MSAL is imported at the first sign-in: a deployment's start-up (to its tool list) never needs it. */
export function loadMsal(): Promise<Msal> {
  msalModule ??= import('@azure/msal-node');
  return msalModule;
}

export interface AccessToken {
  readonly token: string;
  readonly expiresOn: number;
}

export interface TokenProviderOptions {
  /** The HTTP stack for a tenant (its CA and proxy); MSAL uses it as its network client. */
  httpFor(tenant: TenantDefinition): HttpStack;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /** Refresh this long before expiry (in the background while the old token is still valid). */
  refreshAheadMs?: number;
}

interface Acquirer {
  acquire(scope: string): Promise<AccessToken>;
  /** Seconds the sign-in service asked us to wait after its last answer (429/5xx), if it said. */
  retryAfter?(): number | undefined;
}

/**
 * Tokens per (tenant, resource): one MSAL app per tenant, our cache in front of it, and single-flight
 * so N concurrent callers on a cold cache make one token request. A tenant whose credential fails
 * fails alone, with a redacted, actionable ToolError.
 */
export class TokenProvider {
  private readonly tenants: ReadonlyMap<string, TenantDefinition>;
  private readonly acquirers = new Map<string, Acquirer>();
  private readonly cache = new Map<string, AccessToken>();
  private readonly inflight = new Map<string, Promise<AccessToken>>();
  private readonly credentials = new Map<string, LoadedCredential>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly now: () => number;
  private readonly refreshAheadMs: number;

  constructor(
    tenants: readonly TenantDefinition[],
    private readonly options: TokenProviderOptions,
  ) {
    this.tenants = new Map(tenants.map((t) => [t.key, t]));
    this.now = options.now ?? Date.now;
    this.refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
  }

  async getToken(tenantKey: string, resource: Resource): Promise<string> {
    const id = `${tenantKey}\u0000${resource}`;
    const cached = this.cache.get(id);
    const now = this.now();
    if (cached && cached.expiresOn > now) {
      // Still valid: serve it; if it is close to expiry, refresh in the background (single-flight).
      if (cached.expiresOn - now <= this.refreshAheadMs)
        this.refresh(id, tenantKey, resource).catch(() => undefined);
      return cached.token;
    }
    return (await this.refresh(id, tenantKey, resource)).token;
  }

  /** Forget a token Microsoft rejected (401), so the next call gets a fresh one. */
  invalidate(tenantKey: string, resource: Resource): void {
    this.cache.delete(`${tenantKey}\u0000${resource}`);
  }

  /** The loaded credential (for expiry checks); loads it if needed. Throws a redacted ToolError. */
  credential(tenantKey: string): LoadedCredential {
    const tenant = this.tenant(tenantKey);
    let credential = this.credentials.get(tenantKey);
    if (!credential) {
      try {
        credential = loadCredential(tenant.key, tenant.credential, { env: this.options.env ?? process.env });
      } catch (error) {
        throw tokenFailure(tenant.key, error);
      }
      this.credentials.set(tenantKey, credential);
    }
    return credential;
  }

  private refresh(id: string, tenantKey: string, resource: Resource): Promise<AccessToken> {
    let pending = this.inflight.get(id);
    if (!pending) {
      pending = this.acquire(tenantKey, resource)
        .then((token) => {
          this.cache.set(id, token);
          return token;
        })
        .finally(() => this.inflight.delete(id));
      this.inflight.set(id, pending);
    }
    return pending;
  }

  private async acquire(tenantKey: string, resource: Resource): Promise<AccessToken> {
    const tenant = this.tenant(tenantKey);
    const blockedFor = (this.blockedUntil.get(tenant.key) ?? 0) - this.now();
    if (blockedFor > 0) {
      throw new ToolError('unavailable', `Tenant "${tenant.key}": the sign-in service asked us to wait.`, {
        retryAfter: Math.ceil(blockedFor / 1000),
      });
    }
    let acquirer: Acquirer | undefined;
    try {
      acquirer = await this.acquirer(tenant);
      return await acquirer.acquire(scopeFor(tenant.cloud, resource));
    } catch (error) {
      // MSAL keeps a throttle list per app that locks a tenant out for 60 s after any 5xx, even a
      // one-off: start the next attempt with a fresh app and honour only what Entra itself asked.
      this.acquirers.delete(tenant.key);
      const wait = acquirer?.retryAfter?.();
      if (wait !== undefined && wait > 0) this.blockedUntil.set(tenant.key, this.now() + wait * 1000);
      const failure = tokenFailure(tenant.key, error);
      if (wait === undefined || failure.retryAfter !== undefined) throw failure;
      throw new ToolError(failure.code, failure.message, {
        retryAfter: Math.ceil(wait),
        ...(failure.hint ? { hint: failure.hint } : {}),
        ...(failure.details ? { details: failure.details } : {}),
      });
    }
  }

  private tenant(key: string): TenantDefinition {
    const tenant = this.tenants.get(key);
    if (!tenant) throw tokenFailure(key, new Error('unknown tenant'));
    return tenant;
  }

  private async acquirer(tenant: TenantDefinition): Promise<Acquirer> {
    const msal = await loadMsal();
    let acquirer = this.acquirers.get(tenant.key);
    if (!acquirer) {
      acquirer = this.createAcquirer(tenant, msal);
      this.acquirers.set(tenant.key, acquirer);
    }
    return acquirer;
  }

  private createAcquirer(tenant: TenantDefinition, msal: Msal): Acquirer {
    const { ConfidentialClientApplication, LogLevel } = msal;
    const credential = this.credential(tenant.key);
    const http = this.options.httpFor(tenant);
    const networkClient = http.networkModule();
    const system = {
      networkClient,
      // MSAL logs can contain request details; we report failures ourselves.
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    };
    if (credential.kind === 'managedIdentity') {
      return managedIdentityAcquirer(
        tenant.key,
        tenant.cloud,
        credential.clientId,
        http,
        system,
        this.options.env ?? process.env,
        msal,
      );
    }
    const auth: Configuration['auth'] = {
      clientId: tenant.clientId,
      ...authorityOptions(tenant.cloud, tenant.tenantId),
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.secret }
        : {
            clientCertificate: {
              thumbprintSha256: credential.thumbprintSha256,
              privateKey: credential.privateKey,
            },
          }),
    };
    const app = new ConfidentialClientApplication({ auth, system });
    return {
      async acquire(scope) {
        networkClient.lastTransportError = undefined;
        networkClient.lastResponse = undefined;
        // Our cache is the one cache: skipCache keeps MSAL from answering from a second one.
        const result = await app
          .acquireTokenByClientCredential({ scopes: [scope], skipCache: true })
          .catch((error: unknown) => {
            throw networkClient.lastTransportError ?? error;
          });
        if (!result?.accessToken) throw new Error('no token in the response');
        return {
          token: result.accessToken,
          expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3_000_000,
        };
      },
      retryAfter() {
        const last = networkClient.lastResponse;
        return last && (last.status === 429 || last.status >= 500)
          ? parseRetryAfter(last.headers)
          : undefined;
      },
    };
  }
}

/**
 * Authority plus local metadata, so MSAL makes no discovery round trips (one request per token),
 * and custom endpoints (the emulator, a private link) are trusted as the configured authority.
 */
export function authorityOptions(cloud: CloudEndpoints, tenantId: string) {
  const authority = `${cloud.loginUrl}/${tenantId}`;
  const host = new URL(cloud.loginUrl).host;
  const metadata = {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    issuer: `${authority}/v2.0`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
  const discovery = {
    tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
  return {
    authority,
    knownAuthorities: [cloud.loginUrl],
    authorityMetadata: JSON.stringify(metadata),
    cloudDiscoveryMetadata: JSON.stringify(discovery),
  };
}

function aadstsSuffix(text: string): string {
  const code = aadstsCode(text);
  return code ? `, AADSTS${code}` : '';
}

function resourceOf(scope: string): string {
  return scope.replace(/\/\.default$/, '');
}

function managedIdentityAcquirer(
  tenantKey: string,
  cloud: CloudEndpoints,
  clientId: string | undefined,
  http: HttpStack,
  system: NonNullable<Configuration['system']>,
  env: NodeJS.ProcessEnv,
  msal: Msal,
): Acquirer {
  if (cloud.managedIdentityUrl) {
    // A custom endpoint (tests, private hosts): MSAL only discovers the standard sources. With
    // IDENTITY_HEADER set it is an App Service-style endpoint, otherwise IMDS-style.
    const base = cloud.managedIdentityUrl;
    const appService = env.IDENTITY_HEADER;
    return {
      async acquire(scope) {
        const url = new URL(base);
        url.searchParams.set('api-version', appService ? '2019-08-01' : '2018-02-01');
        url.searchParams.set('resource', resourceOf(scope));
        if (clientId) url.searchParams.set('client_id', clientId);
        const headers: Record<string, string> = appService
          ? { 'X-IDENTITY-HEADER': appService }
          : { Metadata: 'true' };
        const res = await http.send({ method: 'GET', url: url.toString(), headers });
        let body: { access_token?: string; expires_on?: string | number } = {};
        try {
          body = JSON.parse(res.text || '{}');
        } catch {
          // Reported below as a failed request.
        }
        if (res.status !== 200 || !body.access_token) {
          throw new ToolError(
            'unavailable',
            `Tenant "${tenantKey}": the managed identity endpoint refused the request (HTTP ${res.status}${aadstsSuffix(res.text)}).`,
            {
              hint: 'Check the identity (clientId), IDENTITY_HEADER and the managedIdentityUrl of this tenant.',
            },
          );
        }
        return {
          token: body.access_token,
          expiresOn: Number(body.expires_on ?? 0) * 1000 || Date.now() + 3_000_000,
        };
      },
    };
  }
  const app = new msal.ManagedIdentityApplication({
    ...(clientId ? { managedIdentityIdParams: { userAssignedClientId: clientId } } : {}),
    system,
  });
  return {
    async acquire(scope) {
      const result = await app.acquireToken({ resource: resourceOf(scope) });
      return { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 3_000_000 };
    },
  };
}
