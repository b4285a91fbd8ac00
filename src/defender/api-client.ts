import type { z } from 'zod';
import { ToolError } from '../kernel/errors.js';
import type { ToolContext } from '../kernel/types.js';
import type { RateBudgets } from './budget.js';
import { type ApiName, errorFromResponse, errorFromTransport } from './errors.js';
import { type HttpResponse, type HttpStack, TransportError } from './http.js';
import type { Filter } from './odata-filter.js';
import { checkNextLink } from './paging.js';
import { type RetryOptions, sendWithRetries } from './retry.js';
import type { TenantDefinition } from './tenant-sources.js';
import type { TokenProvider } from './tokens.js';

/** Per call: the tool's cancellation signal and, when known, its deadline (epoch ms). */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  deadline?: number | undefined;
  /** Tells the caller (MCP progress) why a read is waiting for a Defender budget slot. */
  progress?: ((message: string) => Promise<void>) | undefined;
}

/**
 * A tool's context as call options: its cancellation signal and its deadline (the retry layer then
 * fails fast with `rate_limited` and the wait, rather than sleeping past the deadline).
 */
export function callOptionsFrom(
  ctx: Pick<ToolContext, 'signal' | 'deadline'> & Partial<Pick<ToolContext, 'progress'>>,
): CallOptions {
  let step = 0;
  const progress = ctx.progress;
  return {
    signal: ctx.signal,
    ...(ctx.deadline !== undefined ? { deadline: ctx.deadline } : {}),
    // MCP progress must increase: each message is one more step.
    ...(progress === undefined
      ? {}
      : {
          progress: (message: string) => {
            step += 1;
            return progress(step, undefined, message);
          },
        }),
  };
}

export type QueryValue = string | number | boolean | Filter | undefined;

export interface ApiRequest<S extends z.ZodType> {
  api: ApiName;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the API root (`/v1.0/security/incidents`), or a nextLink already checked. */
  path: string | URL;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** GETs and hunting POSTs: safe to retry. Everything else is sent once. */
  idempotent: boolean;
  budget: { bucket: string; api?: string };
  permission?: string;
  /** What is asked for, in our words, for not_found messages. */
  resource?: string;
  /** Per-request timeout (ms), shorter than the stack default (e.g. machine actions). */
  timeoutMs?: number;
  schema: S;
}

export interface ApiClientDeps {
  tokens: TokenProvider;
  httpFor(tenant: TenantDefinition): HttpStack;
  budgets: RateBudgets;
  retry?: Omit<RetryOptions, 'signal' | 'deadline'>;
  /**
   * How long a read (an idempotent request) may wait for a budget slot that frees soon; default 5 s.
   * Writes never wait: they are refused with the seconds to wait.
   */
  budgetMaxWaitMs?: number;
}

/** A path segment from a caller (an id): encoded, and never `.` or `..` (URL normalisation would walk up). */
export function segment(value: string): string {
  if (value.length === 0 || /^\.+$/.test(value)) {
    throw new ToolError('validation_error', 'An id is empty or not valid.');
  }
  return encodeURIComponent(value);
}

export function apiBase(tenant: TenantDefinition, api: ApiName): string {
  return api === 'graph' ? tenant.cloud.graphUrl : tenant.cloud.mdeUrl;
}

/**
 * The one way our clients talk to Microsoft: budget, token, retries (idempotent only), a single
 * token refresh on 401, error mapping, and a schema parse of the answer.
 */
export class ApiClient {
  constructor(private readonly deps: ApiClientDeps) {}

  async call<S extends z.ZodType>(
    tenant: TenantDefinition,
    req: ApiRequest<S>,
    opts: CallOptions = {},
  ): Promise<z.output<S>> {
    const ctx = { api: req.api, tenantKey: tenant.key, permission: req.permission, resource: req.resource };
    await this.deps.budgets.take(tenant.key, req.budget.bucket, req.budget.api, {
      maxWaitMs: req.idempotent ? (this.deps.budgetMaxWaitMs ?? 5000) : 0,
      deadline: opts.deadline,
      signal: opts.signal,
      onWait: (seconds) =>
        opts.progress?.(
          `Defender's ${req.budget.bucket} quota for tenant "${tenant.key}" is in use; a slot frees in ${seconds} s, waiting.`,
        ),
    });
    const url = this.url(tenant, req);
    const http = this.deps.httpFor(tenant);
    const resource = req.api === 'graph' ? 'graph' : 'mde';
    let response: HttpResponse | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.deps.tokens.getToken(tenant.key, resource);
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(req.api === 'graph' ? { prefer: 'include-unknown-enum-members' } : {}),
        ...(req.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      };
      const body = req.body === undefined ? undefined : JSON.stringify(req.body);
      try {
        response = await sendWithRetries(
          req.idempotent,
          () =>
            http.send({
              method: req.method,
              url,
              headers,
              body,
              signal: opts.signal,
              ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}),
            }),
          { ...this.deps.retry, signal: opts.signal, deadline: opts.deadline },
        );
      } catch (error) {
        if (error instanceof TransportError) throw errorFromTransport(error, ctx);
        throw error;
      }
      // 401 means Microsoft did not act on the request: refreshing the token once is safe.
      if (response.status !== 401 || attempt === 1) break;
      this.deps.tokens.invalidate(tenant.key, resource);
    }
    const res = response as HttpResponse;
    if (res.status < 200 || res.status >= 300) throw errorFromResponse(res, ctx);
    let json: unknown;
    try {
      // 204 / empty body: undefined, which the schema accepts or reports as an unexpected shape.
      json = res.text.length === 0 ? undefined : JSON.parse(res.text);
    } catch {
      throw new ToolError(
        'upstream_error',
        `The ${req.api} response for tenant "${tenant.key}" was not JSON.`,
      );
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      throw new ToolError(
        'upstream_error',
        `The ${req.api} response for tenant "${tenant.key}" had an unexpected shape.`,
        {
          details: { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code}`) },
        },
      );
    }
    return parsed.data;
  }

  /** Validates a nextLink from a response before any token is attached to it. */
  nextLink(tenant: TenantDefinition, api: ApiName, link: string): URL {
    const base = apiBase(tenant, api);
    const root =
      api === 'graph'
        ? new URL(base).pathname.replace(/\/$/, '')
        : `${new URL(base).pathname.replace(/\/$/, '')}/api`;
    const graphRoots = [`${root}/v1.0`, `${root}/beta`];
    const ok = (api === 'graph' ? graphRoots : [root]).some((r) => checkNextLink(link, base, r));
    if (!ok) {
      throw new ToolError(
        'upstream_error',
        `The ${api} response for tenant "${tenant.key}" had a paging link to another location.`,
      );
    }
    return new URL(link);
  }

  private url(tenant: TenantDefinition, req: ApiRequest<z.ZodType>): string {
    const url = req.path instanceof URL ? new URL(req.path) : new URL(apiBase(tenant, req.api) + req.path);
    const parts: string[] = [];
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value === undefined) continue;
      parts.push(`${name}=${encodeURIComponent(String(value))}`);
    }
    if (parts.length > 0) url.search = (url.search ? `${url.search}&` : '?') + parts.join('&');
    return url.toString();
  }
}
