import type { TenantData, World } from '../data/world.js';
import type { EmuRequest } from '../routing.js';

/** The caller's tenant; the server only lets tokens of seeded tenants through, so this is total. */
export function callerTenant(world: World, req: EmuRequest): TenantData {
  const tenant = world.tenant(req.caller.tenantId);
  if (!tenant) throw new Error(`no seeded tenant ${req.caller.tenantId}`);
  return tenant;
}

/** Graph routes exist under `/v1.0` and `/beta` alike. */
export function graphVersions(path: string): string[] {
  return [`/v1.0${path}`, `/beta${path}`];
}

/** `https://host:port` as the client addressed the emulator (the Host header), for links. */
export function requestOrigin(req: EmuRequest): string {
  const host = req.headers.host;
  return `https://${typeof host === 'string' && host.length > 0 ? host : '127.0.0.1'}`;
}

/** `/v1.0` or `/beta`, from the request path. */
export function graphVersion(req: EmuRequest): string {
  return req.path.toLowerCase().startsWith('/beta') ? '/beta' : '/v1.0';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
