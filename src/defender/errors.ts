import { ToolError } from '../kernel/errors.js';
import type { HttpResponse, TransportError } from './http.js';
import { parseRetryAfter } from './retry.js';

export type ApiName = 'graph' | 'mde';

const API_LABEL: Record<ApiName, string> = { graph: 'Microsoft Graph', mde: 'Defender for Endpoint' };

/** The upstream error code if it looks like an identifier; upstream messages are never passed on. */
export function upstreamCode(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } | string };
    const code = typeof body.error === 'string' ? body.error : body.error?.code;
    return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.]{0,63}$/.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The upstream error message of a response, kept beside the ToolError rather than in it: never shown
 * by default (it is the service's text, untrusted), only by a tool that escapes and fences it, such
 * as run_hunting_query passing on why the service refused a query.
 */
const UPSTREAM_MESSAGES = new WeakMap<ToolError, string>();

export function upstreamMessageOf(error: unknown): string | undefined {
  return error instanceof ToolError ? UPSTREAM_MESSAGES.get(error) : undefined;
}

function upstreamMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    const message = body.error?.message;
    return typeof message === 'string' && message.length > 0 ? message : undefined;
  } catch {
    return undefined;
  }
}

export interface ErrorContext {
  api: ApiName;
  tenantKey: string;
  /** The app permission the call needs, named in `forbidden` errors. */
  permission?: string | undefined;
  /** What was asked for, in our words ("incident", "machine"), for `not_found`. */
  resource?: string | undefined;
  now?: number;
}

/** Maps an HTTP error response to a ToolError that is safe to show a model. */
export function errorFromResponse(res: HttpResponse, ctx: ErrorContext): ToolError {
  const error = mapResponse(res, ctx);
  const message = upstreamMessage(res.text);
  if (message !== undefined) UPSTREAM_MESSAGES.set(error, message);
  return error;
}

function mapResponse(res: HttpResponse, ctx: ErrorContext): ToolError {
  const code = upstreamCode(res.text);
  const where = `${API_LABEL[ctx.api]} (tenant "${ctx.tenantKey}")`;
  const details = { status: res.status, ...(code ? { upstreamCode: code } : {}) };
  switch (true) {
    case res.status === 400:
      return new ToolError(
        'validation_error',
        `${where} rejected the request as invalid${code ? ` (${code})` : ''}.`,
        {
          details,
          hint: 'Check the arguments (ids, filter values, query syntax).',
        },
      );
    case res.status === 401:
      return new ToolError('unavailable', `${where} did not accept the access token.`, {
        details,
        hint: 'Run `mcp-xdr check --online`: the token audience or tenant may be wrong.',
      });
    case res.status === 403:
      return new ToolError(
        'forbidden',
        ctx.permission
          ? `${where}: the app lacks the ${ctx.permission} application permission.`
          : `${where}: the app is not allowed to do this.`,
        {
          details: { ...details, ...(ctx.permission ? { permission: ctx.permission } : {}) },
          hint: ctx.permission
            ? `Grant ${ctx.permission} to the app registration and give admin consent in this tenant.`
            : 'Check the app permissions and RBAC scope (device groups) in this tenant.',
        },
      );
    case res.status === 404:
      return new ToolError('not_found', `${where}: ${ctx.resource ?? 'the item'} was not found.`, {
        details,
      });
    case res.status === 429: {
      const retryAfter = Math.ceil(parseRetryAfter(res.headers, ctx.now) ?? 60);
      return new ToolError('rate_limited', `${where} is throttling requests.`, {
        retryAfter,
        details,
        hint: `Wait ${retryAfter} s before trying again.`,
      });
    }
    case res.status === 503 || res.status === 504 || res.status === 502: {
      const retryAfter = parseRetryAfter(res.headers, ctx.now);
      return new ToolError('unavailable', `${where} is unavailable (HTTP ${res.status}).`, {
        details,
        ...(retryAfter !== undefined ? { retryAfter: Math.ceil(retryAfter) } : {}),
      });
    }
    default:
      return new ToolError(
        'upstream_error',
        `${where} answered HTTP ${res.status}${code ? ` (${code})` : ''}.`,
        {
          details,
        },
      );
  }
}

export function errorFromTransport(error: TransportError, ctx: ErrorContext): ToolError {
  const where = `${API_LABEL[ctx.api]} (tenant "${ctx.tenantKey}")`;
  switch (error.kind) {
    case 'aborted':
      return new ToolError('cancelled', 'The request was cancelled.');
    case 'timeout':
      return new ToolError('timeout', `${where} did not answer in time.`, {
        details: { transport: 'timeout' },
      });
    case 'too_large':
      return new ToolError('upstream_error', `${where} sent a response larger than the configured limit.`, {
        hint: 'Narrow the request (filters, $top, a shorter time range).',
      });
    default:
      return new ToolError('unavailable', `${where} is unreachable (${error.kind}).`, {
        details: { transport: error.kind },
        hint:
          error.kind === 'tls'
            ? 'Set caFile for a TLS-inspecting proxy.'
            : 'Check network access and proxy settings.',
      });
  }
}
