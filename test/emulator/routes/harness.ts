import { createWorld, type World } from '../../../src/emulator/data/world.js';
import type { HuntingEngine } from '../../../src/emulator/kql/table.js';
import { createRouter } from '../../../src/emulator/router.js';
import { createRoutes } from '../../../src/emulator/routes/index.js';
import type { EmuResponse } from '../../../src/emulator/routing.js';

/**
 * Calls route handlers in process through the server's own router (no sockets, no tokens: the
 * server's bearer and role checks have their own tests). The clock is a plain settable number.
 */
export interface Harness {
  world: World;
  clock: { now(): number; advance(ms: number): void };
  call<T = JsonObject>(method: string, url: string, options?: CallOptions): Promise<Reply<T>>;
}

export interface CallOptions {
  body?: unknown;
  tenant?: string;
  headers?: Record<string, string>;
  /** The calling app's roles (default: every role the route accepts) and client id. */
  roles?: readonly string[];
  appId?: string;
}

export type JsonObject = Record<string, unknown>;

export interface Reply<T> extends EmuResponse {
  /** The body after a JSON round trip, typed by the caller. */
  json: T;
}

/** A collection response. */
export interface Listing<T> {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: T[];
}

/** An error response in either API's envelope. */
export interface ErrorBody {
  error: { code: string; message: string; target?: string; innerError?: Record<string, string> };
}

export const START = Date.parse('2026-11-21T08:00:00Z');

export function harness(options: { seed?: number; hostile?: boolean; engine?: HuntingEngine } = {}): Harness {
  let now = START;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
  const world = createWorld({ seed: options.seed ?? 42, clock, hostile: options.hostile ?? false });
  const router = createRouter(createRoutes(world, options.engine ? { engine: options.engine } : {}));
  return {
    world,
    clock,
    async call<T>(
      method: string,
      url: string,
      { body, tenant = 'contoso', headers = {}, roles, appId }: CallOptions = {},
    ): Promise<Reply<T>> {
      const parsed = new URL(url, 'https://127.0.0.1:8443');
      const match = router.match(method, parsed.pathname);
      if (match === undefined || match === 'methodNotAllowed')
        throw new Error(`no route for ${method} ${parsed.pathname}`);
      const t = world.tenant(tenant);
      if (!t) throw new Error(`no tenant ${tenant}`);
      const response = await match.route.handler({
        method,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: { host: '127.0.0.1:8443', ...headers },
        body: body === undefined ? undefined : JSON.parse(JSON.stringify(body)),
        params: match.params,
        caller: {
          tenantId: t.tenantId,
          appId: appId ?? '11111111-2222-4333-8444-555555555555',
          roles: roles ?? match.route.roles,
        },
      });
      // Round-trip through JSON like the server does, so tests see what a client would.
      const json = (response.body === undefined ? undefined : JSON.parse(JSON.stringify(response.body))) as T;
      return { ...response, json };
    },
  };
}

/** Follows `@odata.nextLink` from `url` to the end; returns every item and the number of pages. */
export async function walk<T>(
  h: Harness,
  url: string,
  tenant = 'contoso',
): Promise<{ items: T[]; pages: number; first: Listing<T> }> {
  const items: T[] = [];
  let next: string | undefined = url;
  let pages = 0;
  let first: Listing<T> | undefined;
  while (next !== undefined) {
    const reply: Reply<Listing<T>> = await h.call<Listing<T>>('GET', next, { tenant });
    if (reply.status !== 200)
      throw new Error(`page ${pages} failed: ${reply.status} ${JSON.stringify(reply.json)}`);
    first ??= reply.json;
    items.push(...reply.json.value);
    next = reply.json['@odata.nextLink'];
    if (next !== undefined && !next.startsWith('https://127.0.0.1:8443/'))
      throw new Error(`nextLink not absolute: ${next}`);
    if (++pages > 1000) throw new Error('paging does not end');
  }
  if (!first) throw new Error('no page');
  return { items, pages, first };
}
