import type { Machine } from '../data/model.js';
import { parseIso } from '../data/time.js';
import type { TenantData } from '../data/world.js';

/**
 * `GET /api/machines/findbyip(ip='10.1.2.3',timestamp=2026-01-01T10:00:00Z)` ([DD]
 * `defender-endpoint/api/find-machines-by-ip.md`): machines seen with an internal IP within 15 minutes
 * of the timestamp, which must be in the past 30 days (else 400). The emulator keeps no IP history:
 * a machine "was seen with" its current addresses from its first sighting to its last.
 */
const CALL = /^findbyip\(ip='([^']{1,45})',timestamp=([^)]{1,40})\)$/i;
const WINDOW_MS = 15 * 60_000;
const MAX_AGE_MS = 30 * 24 * 3_600_000;

export type FindByIp = { ok: true; machines: Machine[] } | { ok: false; message: string };

export function isFindByIp(segment: string | undefined): boolean {
  return /^findbyip\(/i.test(segment ?? '');
}

export function findByIp(tenant: TenantData, segment: string, now: number): FindByIp {
  const parts = CALL.exec(segment);
  if (!parts) return { ok: false, message: "Expected findbyip(ip='<ip>',timestamp=<ISO 8601 time>)" };
  const ip = parts[1] as string;
  const at = parseIso(parts[2] as string);
  if (!Number.isFinite(at)) return { ok: false, message: `Invalid timestamp ${parts[2]}` };
  if (at < now - MAX_AGE_MS || at > now + WINDOW_MS) {
    return { ok: false, message: 'The timestamp must be within the past 30 days' };
  }
  const machines = tenant.machines.filter(
    (m) =>
      (m.lastIpAddress === ip || m.ipAddresses.some((a) => a.ipAddress === ip)) &&
      parseIso(m.firstSeen) <= at + WINDOW_MS &&
      parseIso(m.lastSeen) >= at - WINDOW_MS,
  );
  return { ok: true, machines };
}
