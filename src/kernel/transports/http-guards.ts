import { isIP } from 'node:net';

/**
 * DNS-rebinding defences for the HTTP transport. A browser page on evil.example can resolve its own
 * name to 127.0.0.1; the Host and Origin headers are what still tell the two apart.
 */

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, and the name `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return bare.startsWith('127.');
  if (family === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || bare.startsWith('::ffff:127.');
  return false;
}

/** `host:port` as a Host header spells it (IPv6 literals in brackets). */
export function hostWithPort(host: string, port: number): string {
  const bracketed = isIP(host) === 6 && !host.startsWith('[') ? `[${host}]` : host;
  return `${bracketed}:${port}`.toLowerCase();
}

export interface HostPolicy {
  /** Host header values accepted exactly (lowercase, with port). */
  readonly hosts: ReadonlySet<string>;
  /** Origin header values accepted exactly (lowercase, no trailing slash). */
  readonly origins: ReadonlySet<string>;
}

const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The bound address and the usual loopback spellings of it, plus the operator's additions.
 * An `allowedHosts` entry without a port matches that name on the bound port only.
 */
export function buildHostPolicy(
  bound: { host: string; port: number },
  extra: { allowedHosts: readonly string[]; allowedOrigins: readonly string[] },
): HostPolicy {
  const names = [bound.host, ...LOCAL_NAMES];
  const hosts = new Set(names.map((name) => hostWithPort(name, bound.port)));
  for (const entry of extra.allowedHosts) {
    const value = entry.toLowerCase();
    hosts.add(hasPort(value) ? value : hostWithPort(value, bound.port));
  }
  const origins = new Set<string>();
  for (const name of LOCAL_NAMES) {
    for (const scheme of ['http', 'https']) origins.add(`${scheme}://${hostWithPort(name, bound.port)}`);
  }
  for (const entry of extra.allowedOrigins) origins.add(normalizeOrigin(entry));
  return { hosts, origins };
}

function hasPort(host: string): boolean {
  return /:\d+$/.test(host) && (host.startsWith('[') || host.split(':').length === 2);
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** Why a request is refused, or undefined when its Host and Origin are both acceptable. */
export function checkHeaders(
  policy: HostPolicy,
  headers: { host?: string | undefined; origin?: string | undefined },
): string | undefined {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !policy.hosts.has(host)) return 'Host header not allowed';
  // Non-browser clients send no Origin; browsers always do on cross-origin requests.
  if (headers.origin !== undefined && !policy.origins.has(normalizeOrigin(headers.origin))) {
    return 'Origin header not allowed';
  }
  return undefined;
}
