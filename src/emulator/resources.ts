import type { ApiName } from './routing.js';

/** Token audiences per API: the real resource URIs, whatever base URL the emulator is reached on. */
export const RESOURCE_URIS: Readonly<Record<ApiName, string>> = {
  graph: 'https://graph.microsoft.com',
  mde: 'https://api.securitycenter.microsoft.com',
};

/** The real login host: client assertions may name it (or the emulator's own URL) as audience. */
export const REAL_LOGIN_HOST = 'https://login.microsoftonline.com';

/**
 * The same APIs under their other resource URIs (US government clouds, the newer MDE host): a
 * client of those clouds asks for these scopes. Tokens still carry the public audience above.
 */
const RESOURCE_ALIASES: Readonly<Record<string, ApiName>> = {
  'https://graph.microsoft.us': 'graph',
  'https://dod-graph.microsoft.us': 'graph',
  'https://api.security.microsoft.com': 'mde',
  'https://api-gcc.securitycenter.microsoft.us': 'mde',
  'https://api-gov.securitycenter.microsoft.us': 'mde',
};

/** `https://graph.microsoft.com` (optionally with a trailing slash) -> `graph`. */
export function apiForResource(resource: string): ApiName | undefined {
  const normalised = resource.replace(/\/+$/, '').toLowerCase();
  return (
    (Object.keys(RESOURCE_URIS) as ApiName[]).find((api) => RESOURCE_URIS[api] === normalised) ??
    RESOURCE_ALIASES[normalised]
  );
}

// Scopes a client may add out of habit; Entra ignores them in the client credentials flow.
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

/**
 * Client credentials take exactly one `{resource}/.default` scope. Returns the API or undefined for
 * anything else (a bare permission name, two resources, an unknown resource).
 */
export function apiForScope(scope: string): ApiName | undefined {
  const scopes = scope.split(/\s+/).filter((s) => s !== '' && !OIDC_SCOPES.has(s.toLowerCase()));
  if (scopes.length !== 1) return undefined;
  const [only] = scopes as [string];
  if (!only.toLowerCase().endsWith('/.default')) return undefined;
  return apiForResource(only.slice(0, -'/.default'.length));
}
