import type { IncomingHttpHeaders } from 'node:http';

/**
 * The contract between the emulator's HTTPS server (auth, faults, quotas, control) and its API
 * routes (Graph security, Defender for Endpoint, identity). Routes are plain functions over the
 * seeded world, so they can be tested without sockets.
 */
export type ApiName = 'graph' | 'mde';

export interface Caller {
  /** Tenant id (GUID) from the access token's `tid`. */
  tenantId: string;
  /** Client id (`appid`/`azp`) of the calling app registration. */
  appId: string;
  /** App roles granted to the app (`roles` claim). */
  roles: readonly string[];
}

export interface EmuRequest {
  method: string;
  /** Path without the query string, e.g. `/v1.0/security/incidents/12`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or undefined when empty). Invalid JSON is answered by the server, not routes. */
  body: unknown;
  /** Values of `:name` segments of the matched pattern. */
  params: Record<string, string>;
  caller: Caller;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless undefined (e.g. 204). */
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path pattern with `:name` segments, matched case-insensitively like the real services. */
  pattern: string;
  api: ApiName;
  /** The caller needs at least one of these app roles; empty = any valid token for the API. */
  roles: readonly string[];
  /** Quota bucket for per-tenant throttling (e.g. `hunting`, `mde:machines`). */
  quota?: string;
  handler(req: EmuRequest): EmuResponse | Promise<EmuResponse>;
}

/** The emulator's clock: tests move it to advance machine actions and token expiry. */
export interface EmuClock {
  now(): number;
}
