import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { aadstsError } from './aadsts.js';
import type { TokenIssuer } from './access-tokens.js';
import type { Directory, TenantInfo } from './apps.js';
import { authorizeRoute } from './bearer.js';
import type { Counters } from './counters.js';
import { instanceDiscovery, openIdConfiguration } from './discovery.js';
import { apiError, graphThrottled } from './envelopes.js';
import { faultStatusResponse } from './fault-responses.js';
import type { FaultOutcome, Faults, FaultTarget } from './faults.js';
import { handleManagedIdentityRequest, type ManagedIdentityDeps, MSI_PATH } from './managed-identity.js';
import { type Quotas, quotaBucket } from './quotas.js';
import type { createRouter } from './router.js';
import type { ApiName, EmuClock, EmuResponse } from './routing.js';
import { handleTokenRequest } from './token-endpoint.js';

export interface IncomingCall {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `https://host:port` as the client addressed the emulator. */
  origin: string;
}

export type Outcome = { response: EmuResponse; fault?: FaultOutcome } | { reset: true };

export interface DispatchDeps {
  directory: Directory;
  issuer: TokenIssuer;
  clock: EmuClock;
  faults: Faults;
  quotas: Quotas;
  counters: Counters;
  router: ReturnType<typeof createRouter>;
  managedIdentity: Omit<ManagedIdentityDeps, 'issuer' | 'onTokenIssued'>;
  origins(): readonly string[];
  /** Aborted on stop, so injected latency does not hold the server open. */
  signal: AbortSignal;
}

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i;
const OPENID_PATH = /^\/([^/]+)(?:\/v2\.0)?\/\.well-known\/openid-configuration\/?$/i;
const KEYS_PATH = /^\/([^/]+)\/discovery(?:\/v2\.0)?\/keys\/?$/i;
const INSTANCE_DISCOVERY_PATH = /^\/common\/discovery\/instance\/?$/i;

const json = (status: number, body: unknown): EmuResponse => ({ status, body });

function headerValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Applies the faults chosen for a call around its handler: latency, then an injected outcome or the real one. */
async function withFaults(
  deps: DispatchDeps,
  call: IncomingCall,
  target: FaultTarget,
  handler: () => Promise<EmuResponse>,
): Promise<Outcome> {
  const decision = deps.faults.decide(target);
  if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: deps.signal });
  const outcome = decision.outcome;
  if (outcome?.kind === 'reset') return { reset: true };
  if (outcome?.kind === 'status') {
    const context = { headers: call.headers, now: deps.clock.now() };
    return { response: faultStatusResponse(target, outcome.status, outcome.retryAfter, context) };
  }
  return { response: await handler(), fault: outcome };
}

function tenantOf(deps: DispatchDeps, segment: string): TenantInfo | undefined {
  return deps.directory.findTenant(decodeURIComponent(segment));
}

function unknownTenant(segment: string, call: IncomingCall, now: number): EmuResponse {
  return aadstsError(
    'tenantNotFound',
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    { now, correlationId: headerValue(call.headers['client-request-id']) },
  );
}

async function tokenCall(deps: DispatchDeps, call: IncomingCall, segment: string): Promise<Outcome> {
  const tenant = tenantOf(deps, segment);
  const target: FaultTarget = { api: 'login', method: call.method, path: call.url.pathname, tenant };
  const outcome = await withFaults(deps, call, target, () =>
    handleTokenRequest(
      {
        directory: deps.directory,
        issuer: deps.issuer,
        clock: deps.clock,
        origins: () => [call.origin, ...deps.origins()],
        onTokenIssued: (app) => deps.counters.tokenIssued(app.tenant, app.clientId, app.name),
      },
      {
        tenant: decodeURIComponent(segment),
        form: new URLSearchParams(call.body.toString('utf8')),
        correlationId: headerValue(call.headers['client-request-id']),
      },
    ),
  );
  deps.counters.request(
    tenant,
    'POST /{tenant}/oauth2/v2.0/token',
    'reset' in outcome ? 0 : outcome.response.status,
  );
  return outcome;
}

async function managedIdentityCall(deps: DispatchDeps, call: IncomingCall): Promise<Outcome> {
  const target: FaultTarget = { api: 'msi', method: call.method, path: call.url.pathname };
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
  deps.counters.request(undefined, `GET ${MSI_PATH}`, 'reset' in outcome ? 0 : outcome.response.status);
  return outcome;
}

function apiOfPath(path: string): ApiName | undefined {
  if (/^\/(v1\.0|beta)(\/|$)/i.test(path)) return 'graph';
  if (/^\/api(\/|$)/i.test(path)) return 'mde';
  return undefined;
}

function parseJsonBody(body: Buffer): { value: unknown } | undefined {
  if (body.length === 0) return { value: undefined };
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}

function throttled(
  api: ApiName,
  retryAfterSeconds: number,
  limit: number,
  window: string,
  call: IncomingCall,
  now: number,
) {
  const context = { headers: call.headers, now };
  if (api === 'graph')
    return graphThrottled(Math.max(0.001, Math.round(retryAfterSeconds * 1000) / 1000), context);
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return apiError(
    'mde',
    429,
    'TooManyRequests',
    `API calls quota exceeded! Maximum allowed ${limit} per ${window}. Try again in ${seconds} seconds.`,
    {
      ...context,
      extraHeaders: { 'Retry-After': String(seconds) },
    },
  );
}

async function apiCall(deps: DispatchDeps, call: IncomingCall): Promise<Outcome> {
  const path = call.url.pathname;
  const api = apiOfPath(path);
  const context = () => ({ headers: call.headers, now: deps.clock.now() });
  const match = deps.router.match(call.method, path);
  if (match === undefined || match === 'methodNotAllowed') {
    deps.counters.request(undefined, `${call.method} ${path}`, match ? 405 : 404);
    if (match)
      return {
        response: apiError(
          api ?? 'graph',
          405,
          'MethodNotAllowed',
          `The HTTP method '${call.method}' is not supported for this resource.`,
          context(),
        ),
      };
    if (api === 'graph') {
      const segment = path.split('/').filter(Boolean).at(-1) ?? '';
      return {
        response: apiError(
          'graph',
          400,
          'BadRequest',
          `Resource not found for the segment '${segment}'.`,
          context(),
        ),
      };
    }
    if (api === 'mde')
      return {
        response: apiError(
          'mde',
          404,
          'NotFound',
          `No HTTP resource was found that matches the request URI '${path}'.`,
          context(),
        ),
      };
    return {
      response: json(404, {
        error: { code: 'NotFound', message: `The emulator serves no endpoint at ${path}.` },
      }),
    };
  }
  const { route, params } = match;
  const routeKey = `${route.method} ${route.pattern}`;
  const auth = await authorizeRoute(deps.issuer, route, path, context());
  if ('denied' in auth) {
    deps.counters.request(undefined, routeKey, auth.denied.status);
    return { response: auth.denied };
  }
  const tenant = deps.directory.findTenant(auth.caller.tenantId);
  const target: FaultTarget = { api: route.api, method: call.method, path, tenant };
  const outcome = await withFaults(deps, call, target, async () => {
    const parsed = parseJsonBody(call.body);
    if (!parsed) {
      return route.api === 'graph'
        ? apiError(
            'graph',
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            context(),
          )
        : apiError(
            'mde',
            400,
            'InvalidRequestBody',
            'Request body is incorrect: it is not valid JSON.',
            context(),
          );
    }
    const verdict = deps.quotas.take(auth.caller.tenantId, quotaBucket(route), route.api, deps.clock.now());
    if (!verdict.allowed)
      return throttled(
        route.api,
        verdict.retryAfterSeconds,
        verdict.limit,
        verdict.window,
        call,
        deps.clock.now(),
      );
    return route.handler({
      method: call.method,
      path,
      query: call.url.searchParams,
      headers: call.headers,
      body: parsed.value,
      params,
      caller: auth.caller,
    });
  });
  deps.counters.request(tenant, routeKey, 'reset' in outcome ? 0 : outcome.response.status);
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
        : unknownTenant(openId[1], call, now),
    };
  }
  const keys = get ? KEYS_PATH.exec(path) : null;
  if (keys?.[1]) return { response: json(200, await deps.issuer.jwks()) };
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
