import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator, AuthFailure } from '../auth/authenticator.js';
import type { Principal } from '../types.js';
import { addressList, clientAddress, inList } from './client-address.js';
import { FailedAuthLimiter } from './failed-auth.js';

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/** What the audit log hears about a refused request: never the presented credential. */
export interface AuthFailureEvent {
  readonly time: string;
  readonly address: string;
  readonly method: AuthFailure['method'];
  readonly reason: AuthFailure['reason'] | 'rate_limited' | 'address_not_allowed';
  readonly detail: string;
}

export interface HttpAuthOptions {
  readonly authenticator: Authenticator;
  /** The public URL of the MCP endpoint (RFC 8707 resource); default: the bound URL. */
  readonly resource?: string | undefined;
  /** Issuers named in the protected resource metadata (Entra); empty for API keys only. */
  readonly authorizationServers: readonly string[];
  readonly scopes: readonly string[];
  readonly trustedProxies: readonly string[];
  /** Empty = every address. */
  readonly allowedClients: readonly string[];
  readonly failedAuth: { readonly max: number; readonly windowSeconds: number };
  /** False when the principal's role withholds the tool: the call gets 403 insufficient_scope. */
  readonly mayCall?: (principal: Principal, tool: string) => boolean;
  readonly onFailure?: (event: AuthFailureEvent) => void;
  readonly now?: () => number;
}

export interface HttpAuthGate {
  /** Serves RFC 9728 metadata; true when the request was for it. */
  serveMetadata(path: string, res: ServerResponse): boolean;
  /** The request's principal, or undefined after answering 401/403/429. */
  admit(req: IncomingMessage, res: ServerResponse): Promise<Principal | undefined>;
  /** False after answering 403 insufficient_scope for a tools/call the role withholds. */
  allowsBody(principal: Principal, body: unknown, res: ServerResponse): boolean;
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string>) {
  res
    .writeHead(status, { 'Content-Type': 'application/json', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** Tool names of the tools/call requests in a JSON-RPC message or batch. */
function calledTools(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages.flatMap((message) => {
    const m = message as { method?: unknown; params?: { name?: unknown } } | null;
    return m?.method === 'tools/call' && typeof m.params?.name === 'string' ? [m.params.name] : [];
  });
}

/**
 * Inbound authentication for the HTTP transports, per the MCP authorization spec: 401 with
 * `WWW-Authenticate: Bearer resource_metadata=...` without valid credentials, RFC 9728 metadata,
 * 403 `insufficient_scope` for a tool the role withholds, and per-address limits on failures.
 */
export function createHttpAuthGate(options: HttpAuthOptions, boundResource: () => URL): HttpAuthGate {
  const proxies = addressList(options.trustedProxies);
  const allowed = options.allowedClients.length > 0 ? addressList(options.allowedClients) : undefined;
  const now = options.now ?? Date.now;
  const limiter = new FailedAuthLimiter(options.failedAuth.max, options.failedAuth.windowSeconds * 1000, now);
  const resource = () => new URL(options.resource ?? boundResource().href);
  const metadataUrl = () => {
    const url = resource();
    const path = url.pathname === '/' ? '' : url.pathname;
    return new URL(`${PROTECTED_RESOURCE_PATH}${path}`, url.origin).href;
  };
  const bearer = (extra = '') => `Bearer resource_metadata="${metadataUrl()}"${extra}`;
  const report = (address: string, failure: Omit<AuthFailureEvent, 'time' | 'address'>) =>
    options.onFailure?.({ time: new Date(now()).toISOString(), address, ...failure });

  return {
    serveMetadata(path, res) {
      const own = resource().pathname;
      if (path !== PROTECTED_RESOURCE_PATH && path !== `${PROTECTED_RESOURCE_PATH}${own}`) return false;
      const body = {
        resource: resource().href,
        authorization_servers: options.authorizationServers,
        bearer_methods_supported: ['header'],
        ...(options.scopes.length > 0 ? { scopes_supported: options.scopes } : {}),
        resource_name: 'mcp-xdr',
      };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      return true;
    },

    async admit(req, res) {
      const address = clientAddress(req, proxies);
      if (allowed !== undefined && !inList(allowed, address)) {
        report(address, {
          method: 'unknown',
          reason: 'address_not_allowed',
          detail: 'client address not allowed',
        });
        sendError(res, 403, 'Forbidden: client address not allowed', {});
        return undefined;
      }
      const wait = limiter.blockedFor(address);
      if (wait > 0) {
        report(address, { method: 'unknown', reason: 'rate_limited', detail: 'too many failed attempts' });
        sendError(res, 429, 'Too many failed authentication attempts', { 'Retry-After': String(wait) });
        return undefined;
      }
      const outcome = await options.authenticator.authenticate(req.headers);
      if (outcome.ok) return outcome.principal;
      // A request with no credentials is how a client discovers the metadata: not counted as an attack.
      if (outcome.reason === 'invalid') limiter.fail(address);
      report(address, { method: outcome.method, reason: outcome.reason, detail: outcome.detail });
      if (outcome.reason === 'unavailable') {
        sendError(res, 503, 'Service unavailable: the token could not be checked now', {
          'Retry-After': '30',
        });
        return undefined;
      }
      if (outcome.reason === 'forbidden') {
        sendError(res, 403, 'Forbidden: the token grants no role on this server', {
          'WWW-Authenticate': bearer(', error="insufficient_scope", error_description="no role granted"'),
        });
        return undefined;
      }
      const challenge = outcome.reason === 'missing' ? bearer() : bearer(', error="invalid_token"');
      sendError(res, 401, 'Unauthorized: valid credentials required', { 'WWW-Authenticate': challenge });
      return undefined;
    },

    allowsBody(principal, body, res) {
      const refused = calledTools(body).find((tool) => options.mayCall?.(principal, tool) === false);
      if (refused === undefined) return true;
      sendError(res, 403, "Forbidden: the caller's role does not allow this tool", {
        'WWW-Authenticate': bearer(
          ', error="insufficient_scope", error_description="role does not allow this tool"',
        ),
      });
      return false;
    },
  };
}
