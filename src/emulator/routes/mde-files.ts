import { isIP } from 'node:net';
import type { KnownFile } from '../data/model.js';
import type { TenantData, World } from '../data/world.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';

/** File and IP enrichment (`/api/files/{id}`, `/stats`, `/api/ips/{ip}/stats`). */

const HASH = /^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

function findFile(tenant: TenantData, hash: string): KnownFile | undefined {
  const h = hash.toLowerCase();
  return tenant.files.find((f) => f.sha1 === h || f.sha256 === h);
}

/** When the organisation saw an IP: machines using it and alert evidence naming it. */
function ipSightings(tenant: TenantData, ip: string): { devices: Set<string>; times: number[] } {
  const devices = new Set<string>();
  const times: number[] = [];
  for (const m of tenant.machines) {
    if (
      m.lastIpAddress === ip ||
      m.lastExternalIpAddress === ip ||
      m.ipAddresses.some((a) => a.ipAddress === ip)
    ) {
      devices.add(m.id);
      times.push(Date.parse(m.firstSeen), Date.parse(m.lastSeen));
    }
  }
  for (const a of tenant.alerts) {
    if (!a.evidence.some((e) => e.ipAddress === ip)) continue;
    times.push(Date.parse(a.firstActivityDateTime), Date.parse(a.lastActivityDateTime));
    for (const e of a.evidence) if (typeof e.mdeDeviceId === 'string') devices.add(e.mdeDeviceId);
  }
  return { devices, times };
}

export function fileRoutes(world: World): Route[] {
  const error = errorOf(world);
  const meta = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;
  const lookup = (req: EmuRequest) => {
    const id = req.params.id ?? '';
    if (!HASH.test(id))
      return {
        response: error(
          'mde',
          req,
          400,
          'InvalidHashValue',
          `The hash value '${id}' is not a valid SHA1 or SHA256.`,
        ),
      };
    const file = findFile(callerTenant(world, req), id);
    return file
      ? { file }
      : { response: error('mde', req, 404, 'ResourceNotFound', `File ${id} was not found`) };
  };

  return [
    {
      method: 'GET',
      pattern: '/api/files/:id',
      api: 'mde',
      roles: ['File.Read.All'],
      quota: 'mde:file',
      handler(req) {
        const found = lookup(req);
        if (!found.file) return found.response;
        const f = found.file;
        return ok({
          '@odata.context': meta(req, 'Files/$entity'),
          sha1: f.sha1,
          sha256: f.sha256,
          md5: f.md5,
          globalPrevalence: f.globalPrevalence,
          globalFirstObserved: f.globalFirstObserved,
          globalLastObserved: f.globalLastObserved,
          size: f.size,
          fileType: null,
          isPeFile: /\.(exe|dll|sys)$/i.test(f.fileName),
          filePublisher: f.filePublisher,
          fileProductName: null,
          signer: f.signer,
          issuer: f.issuer,
          signerHash: null,
          isValidCertificate: f.isValidCertificate,
          determinationType: f.determinationType,
          determinationValue: f.determinationValue,
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/files/:id/stats',
      api: 'mde',
      roles: ['File.Read.All'],
      quota: 'mde:fileStats',
      handler(req) {
        const found = lookup(req);
        if (!found.file) return found.response;
        const f = found.file;
        return ok({
          '@odata.context': meta(req, 'microsoft.windowsDefenderATP.api.InOrgFileStats'),
          sha1: f.sha1,
          orgPrevalence: String(f.seenOn.length),
          orgFirstSeen: f.globalFirstObserved,
          orgLastSeen: f.globalLastObserved,
          globalPrevalence: String(f.globalPrevalence),
          globalFirstObserved: f.globalFirstObserved,
          globalLastObserved: f.globalLastObserved,
          topFileNames: [f.fileName],
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/ips/:ip/stats',
      api: 'mde',
      roles: ['Ip.Read.All'],
      quota: 'mde:ipStats',
      handler(req) {
        const ip = req.params.ip ?? '';
        if (isIP(ip) === 0)
          return error('mde', req, 400, 'InvalidIpAddress', `The IP address '${ip}' is not valid.`);
        const seen = ipSightings(callerTenant(world, req), ip);
        const first = seen.times.length ? new Date(Math.min(...seen.times)).toISOString() : null;
        const last = seen.times.length ? new Date(Math.max(...seen.times)).toISOString() : null;
        return ok({
          '@odata.context': meta(req, 'microsoft.windowsDefenderATP.api.InOrgIPStats'),
          ipAddress: ip,
          orgPrevalence: String(seen.devices.size),
          orgFirstSeen: first,
          orgLastSeen: last,
        });
      },
    },
  ];
}
