import { aadstsError, tenantNotFound } from './aadsts.js';
import { apiCall } from './api-call.js';
import type { TenantInfo } from './apps.js';
import { type DispatchDeps, type IncomingCall, type Outcome, withFaults } from './call.js';
import { instanceDiscovery, openIdConfiguration } from './discovery.js';
import { clientRequestId } from './envelopes.js';
import type { FaultTarget } from './faults.js';
import { handleManagedIdentityRequest, MSI_PATH, selectIdentity } from './managed-identity.js';
import { decodeSegment } from './router.js';
import type { EmuResponse } from './routing.js';
import { handleTokenRequest } from './token-endpoint.js';

export type { DispatchDeps, IncomingCall, Outcome } from './call.js';

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i;
const AUTHORIZE_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/authorize\/?$/i;
const OPENID_PATH = /^\/([^/]+)(?:\/v2\.0)?\/\.well-known\/openid-configuration\/?$/i;
const KEYS_PATH = /^\/([^/]+)\/discovery(?:\/v2\.0)?\/keys\/?$/i;
const INSTANCE_DISCOVERY_PATH = /^\/common\/discovery\/instance\/?$/i;

const json = (status: number, body: unknown): EmuResponse => ({ status, body });

function tenantOf(deps: DispatchDeps, segment: string): TenantInfo | undefined {
  return deps.directory.findTenant(decodeSegment(segment));
}

async function tokenCall(deps: DispatchDeps, call: IncomingCall, segment: string): Promise<Outcome> {
  const tenant = tenantOf(deps, segment);
  const target: FaultTarget = { api: 'login', method: call.method, path: call.url.pathname, tenant };
  const form = new URLSearchParams(call.body.toString('utf8'));
  const context = { now: deps.clock.now(), correlationId: clientRequestId(call.headers) };
  const outcome = await withFaults(deps, call, target, async () => {
    // Tokens for mcp-xdr's own API come from its home tenant; everything else is Graph/MDE.
    const own =
      tenant && deps.ownApi.isHome(tenant) ? await deps.ownApi.token(form, call.origin, context) : undefined;
    return (
      own ??
      handleTokenRequest(
        {
          directory: deps.directory,
          issuer: deps.issuer,
          clock: deps.clock,
          origins: () => [call.origin, ...deps.origins()],
          onTokenIssued: (app) => deps.counters.tokenIssued(app.tenant, app.clientId, app.name),
        },
        { tenant: decodeSegment(segment), form, correlationId: context.correlationId },
      )
    );
  });
  deps.counters.request(
    tenant,
    'POST /{tenant}/oauth2/v2.0/token',
    'reset' in outcome ? 0 : outcome.response.status,
  );
  return outcome;
}

async function managedIdentityCall(deps: DispatchDeps, call: IncomingCall): Promise<Outcome> {
  const tenant = selectIdentity(deps.managedIdentity.identities, call.url.searchParams)?.tenant;
  const target: FaultTarget = { api: 'msi', method: call.method, path: call.url.pathname, tenant };
  const outcome = await withFaults(deps, call, target, () =>
    handleManagedIdentityRequest(
      {
        ...deps.managedIdentity,
        issuer: deps.issuer,
        onTokenIssued: (identity) =>
          deps.counters.tokenIssued(identity.tenant, identity.clientId, 'managed-identity'),
      },
      call.url.searchParams,
      call.headers,
    ),
  );
  deps.counters.request(tenant, `GET ${MSI_PATH}`, 'reset' in outcome ? 0 : outcome.response.status);
  return outcome;
}

/** Sends one HTTPS call to the endpoint that owns its path. The control endpoint is handled before this. */
export async function dispatch(deps: DispatchDeps, call: IncomingCall): Promise<Outcome> {
  const path = call.url.pathname;
  const get = call.method === 'GET';
  const now = deps.clock.now();
  if (get && INSTANCE_DISCOVERY_PATH.test(path))
    return { response: json(200, instanceDiscovery(call.origin)) };
  const openId = get ? OPENID_PATH.exec(path) : null;
  if (openId?.[1]) {
    const tenant = tenantOf(deps, openId[1]);
    return {
      response: tenant
        ? json(200, openIdConfiguration(call.origin, tenant))
        : tenantNotFound(decodeSegment(openId[1]), {
            now,
            correlationId: clientRequestId(call.headers),
          }),
    };
  }
  const keys = get ? KEYS_PATH.exec(path) : null;
  if (keys?.[1]) {
    // One key set for every tenant, as Entra's: the Graph/MDE signing key and our API's keys.
    const own = await deps.ownApi.jwks();
    return { response: json(200, { keys: [...(await deps.issuer.jwks()).keys, ...own] }) };
  }
  const authorizeSegment = get ? AUTHORIZE_PATH.exec(path)?.[1] : undefined;
  if (authorizeSegment !== undefined) {
    const tenant = tenantOf(deps, authorizeSegment);
    const context = { now, correlationId: clientRequestId(call.headers) };
    if (!tenant) return { response: tenantNotFound(decodeSegment(authorizeSegment), context) };
    // Our API's clients are registered in its home tenant only.
    if (!deps.ownApi.isHome(tenant))
      return {
        response: aadstsError('unknownClient', 'The application was not found in the directory.', context),
      };
    return { response: deps.ownApi.authorize(call.url.searchParams, context) };
  }
  const token = TOKEN_PATH.exec(path);
  if (token?.[1]) {
    if (call.method !== 'POST')
      return {
        response: json(405, {
          error: 'invalid_request',
          error_description: 'The token endpoint accepts POST only.',
        }),
      };
    return tokenCall(deps, call, token[1]);
  }
  if (path.toLowerCase() === MSI_PATH) return managedIdentityCall(deps, call);
  return apiCall(deps, call);
}
