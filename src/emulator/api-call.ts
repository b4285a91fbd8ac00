import { authorizeRoute } from './bearer.js';
import type { DispatchDeps, IncomingCall, Outcome } from './call.js';
import { withFaults } from './call.js';
import { credentialDigest } from './call-log.js';
import { apiError, graphThrottled } from './envelopes.js';
import type { FaultTarget } from './faults.js';
import { quotaBucket } from './quotas.js';
import type { ApiName, EmuResponse } from './routing.js';

const json = (status: number, body: unknown): EmuResponse => ({ status, body });

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

export const NO_ROUTE = '(no route)';

/** What each front door says when nothing serves the path (or not with this method). */
function noRoute(
  api: ApiName | undefined,
  pathKnown: boolean,
  call: IncomingCall,
  context: { headers: IncomingCall['headers']; now: number },
): EmuResponse {
  const path = call.url.pathname;
  if (pathKnown) {
    const message = `The HTTP method '${call.method}' is not supported for this resource.`;
    return apiError(api ?? 'graph', 405, 'MethodNotAllowed', message, context);
  }
  if (api === 'graph') {
    const segment = path.split('/').filter(Boolean).at(-1) ?? '';
    return apiError('graph', 400, 'BadRequest', `Resource not found for the segment '${segment}'.`, context);
  }
  if (api === 'mde') {
    const message = `No HTTP resource was found that matches the request URI '${path}'.`;
    return apiError('mde', 404, 'NotFound', message, context);
  }
  return json(404, { error: { code: 'NotFound', message: `The emulator serves no endpoint at ${path}.` } });
}

/** Graph and MDE: route match, bearer and role check, faults, JSON body, quota, then the route's handler. */
export async function apiCall(deps: DispatchDeps, call: IncomingCall): Promise<Outcome> {
  const path = call.url.pathname;
  const context = () => ({ headers: call.headers, now: deps.clock.now() });
  const match = deps.router.match(call.method, path);
  if (match === undefined || match === 'methodNotAllowed') {
    // One counter key for every unmatched path: raw paths would grow the counters without bound.
    deps.counters.request(undefined, NO_ROUTE, match ? 405 : 404);
    return { response: noRoute(apiOfPath(path), match !== undefined, call, context()) };
  }
  const { route, params } = match;
  const routeKey = `${route.method} ${route.pattern}`;
  const auth = await authorizeRoute(deps.issuer, route, path, context());
  if ('denied' in auth) {
    deps.counters.request(undefined, routeKey, auth.denied.status);
    recordCall(deps, call, auth.denied.status);
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
  const status = 'reset' in outcome ? 0 : outcome.response.status;
  deps.counters.request(tenant, routeKey, status);
  recordCall(deps, call, status, auth.caller.appId);
  return outcome;
}

function recordCall(deps: DispatchDeps, call: IncomingCall, status: number, appId?: string): void {
  const credentialSha256 = credentialDigest(call.headers);
  deps.calls.add({
    method: call.method,
    path: call.url.pathname,
    status,
    ...(appId !== undefined ? { appId } : {}),
    ...(credentialSha256 !== undefined ? { credentialSha256 } : {}),
    headerNames: Object.keys(call.headers).sort(),
  });
}
