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

/** `https://host` of the request, for `@odata.context` and `@odata.nextLink`. */
export function requestOrigin(req: EmuRequest, fallbackHost: string): string {
  const host = req.headers.host ?? fallbackHost;
  return `https://${host}`;
}
