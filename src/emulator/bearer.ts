import type { IncomingHttpHeaders } from 'node:http';
import type { TokenFailure, TokenIssuer } from './access-tokens.js';
import { apiError } from './envelopes.js';
import { RESOURCE_URIS } from './resources.js';
import type { ApiName, Caller, EmuResponse, Route } from './routing.js';

const GRAPH_401: Record<TokenFailure | 'audience', string> = {
  missing: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  expired: 'Lifetime validation failed, the token is expired.',
  invalid: 'Access token validation failure.',
  audience: 'Access token validation failure. Invalid audience.',
};

const MDE_401: Record<TokenFailure | 'audience', string> = {
  missing: 'Authorization header is missing or is not a bearer token.',
  malformed: 'The access token is malformed.',
  expired: 'The access token has expired.',
  invalid: 'The access token is invalid.',
  audience: 'The access token audience is not valid for this API.',
};

// Directory-backed Graph resources deny with Authorization_RequestDenied; the security API with Forbidden.
const DIRECTORY_PATH = /^\/(v1\.0|beta)\/(users|auditLogs|identityProtection|directoryRoles)\b/i;

interface Context {
  headers: IncomingHttpHeaders;
  now: number;
}

function unauthorized(api: ApiName, failure: TokenFailure | 'audience', context: Context): EmuResponse {
  if (api === 'mde') return apiError('mde', 401, 'Unauthorized', MDE_401[failure], context);
  return apiError('graph', 401, 'InvalidAuthenticationToken', GRAPH_401[failure], {
    ...context,
    extraHeaders: {
      'WWW-Authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    },
  });
}

function forbidden(route: Route, path: string, granted: readonly string[], context: Context): EmuResponse {
  const required = route.roles.join(', ');
  if (route.api === 'mde') {
    return apiError(
      'mde',
      403,
      'Forbidden',
      `The application does not have any of the required application permissions (${required}) to access the resource.`,
      context,
    );
  }
  if (DIRECTORY_PATH.test(path)) {
    return apiError(
      'graph',
      403,
      'Authorization_RequestDenied',
      `Insufficient privileges to complete the operation. Required application permissions: ${required}.`,
      context,
    );
  }
  return apiError(
    'graph',
    403,
    'Forbidden',
    `Missing application roles. API required roles: ${required}. application roles: ${granted.join(', ') || 'none'}.`,
    context,
  );
}

/**
 * The front door of every API route: a valid emulator token, for this API's audience, carrying at
 * least one of the route's roles. Returns the caller, or the 401/403 the real API would send.
 */
export async function authorizeRoute(
  issuer: TokenIssuer,
  route: Route,
  path: string,
  context: Context,
): Promise<{ caller: Caller } | { denied: EmuResponse }> {
  const header = context.headers.authorization ?? '';
  const match = /^Bearer\s+(\S*)$/i.exec(header);
  const verified = await issuer.verify(match?.[1] ?? '');
  if ('failure' in verified) return { denied: unauthorized(route.api, verified.failure, context) };
  if (verified.audience !== RESOURCE_URIS[route.api])
    return { denied: unauthorized(route.api, 'audience', context) };
  if (route.roles.length > 0 && !route.roles.some((role) => verified.roles.includes(role))) {
    return { denied: forbidden(route, path, verified.roles, context) };
  }
  return { caller: { tenantId: verified.tenantId, appId: verified.appId, roles: verified.roles } };
}
