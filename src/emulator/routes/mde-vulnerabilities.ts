import { compareCves } from '../data/software-catalog.js';
import { vulnerabilitiesOf } from '../data/vulnerabilities.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { callerTenant, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { listResponse, MDE_PAGING } from './listing.js';
import { findMachine } from './mde-machines.js';
import {
  assessmentRows,
  exposureScore,
  machineVulnerabilityRecord,
  productStats,
  recommendationRecord,
  softwareRecord,
  vulnerabilityRecords,
} from './mde-tvm-shapes.js';

/**
 * Defender Vulnerability Management on the Defender for Endpoint API: vulnerabilities, software,
 * recommendations, the exposure score, per tenant and per machine. Permissions and filterable
 * properties as each API page documents them (sources in docs/emulator.md).
 */

const VULNERABILITY = ['Vulnerability.Read.All'];
const SOFTWARE = ['Software.Read.All'];
const RECOMMENDATION = ['SecurityRecommendation.Read.All'];
const SCORE = ['Score.Read.All'];

type Row = Record<string, unknown>;
const str = { kind: 'string' } as const;

const VULNERABILITY_FILTER: FilterSchema<Row> = {
  typeName: 'Vulnerability',
  properties: {
    id: str,
    name: str,
    description: str,
    cvssV3: { kind: 'number' },
    publishedOn: { kind: 'datetime' },
    severity: { kind: 'enum', values: ['Low', 'Medium', 'High', 'Critical'] },
    updatedOn: { kind: 'datetime' },
  },
};
const MACHINE_VULNERABILITY_FILTER: FilterSchema<Row> = {
  typeName: 'PublicAssetVulnerabilityDto',
  properties: {
    id: str,
    cveId: str,
    machineId: str,
    fixingKbId: str,
    productName: str,
    productVersion: str,
    severity: { kind: 'enum', values: ['Low', 'Medium', 'High', 'Critical'] },
    productVendor: str,
  },
};
const SOFTWARE_FILTER: FilterSchema<Row> = {
  typeName: 'Software',
  properties: { id: str, name: str, vendor: str },
};
const RECOMMENDATION_FILTER: FilterSchema<Row> = {
  typeName: 'Recommendation',
  properties: {
    id: str,
    productName: str,
    vendor: str,
    recommendedVersion: str,
    recommendationCategory: str,
    subCategory: str,
    severityScore: { kind: 'number' },
    remediationType: str,
    status: str,
  },
};

/** `pageSize` of the export API: default 50,000, at most 200,000. */
const EXPORT_PAGE = { default: 50_000, max: 200_000 };

export function vulnerabilityRoutes(world: World): Route[] {
  const error = errorOf(world);
  const meta = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;
  const tvmOf = (tenant: TenantData) => vulnerabilitiesOf(world, tenant);
  const list = (req: EmuRequest, rows: Row[], schema: FilterSchema<Row>, context: string, maxTop = 10_000) =>
    listResponse(world, req, rows, {
      api: 'mde',
      schema,
      rules: { ...MDE_PAGING, maxTop },
      context: meta(req, context),
    });
  const route = (
    pattern: string,
    roles: readonly string[],
    quota: string,
    handler: Route['handler'],
  ): Route => ({
    method: 'GET',
    pattern,
    api: 'mde',
    roles,
    quota,
    handler,
  });
  /** Runs `then` with the path's machine, or answers the API's 404. */
  const withMachine = (req: EmuRequest, then: (tenant: TenantData, machineId: string) => EmuResponse) => {
    const tenant = callerTenant(world, req);
    const machine = findMachine(tenant, req.params.id);
    if (!machine) return error('mde', req, 404, 'ResourceNotFound', `Machine ${req.params.id} was not found`);
    return then(tenant, machine.id);
  };
  const machineCount = (tenant: TenantData) => tenant.machines.length;

  return [
    route('/api/vulnerabilities', VULNERABILITY, 'mde:vulnerabilities', (req) => {
      const tvm = tvmOf(callerTenant(world, req));
      const sorted = [...tvm.exposures].sort((a, b) => compareCves(a.cve, b.cve));
      return list(req, vulnerabilityRecords(tvm, sorted), VULNERABILITY_FILTER, 'Vulnerabilities', 8_000);
    }),
    route(
      '/api/vulnerabilities/machinesVulnerabilities',
      VULNERABILITY,
      'mde:machinesVulnerabilities',
      (req) =>
        list(
          req,
          tvmOf(callerTenant(world, req)).exposures.map(machineVulnerabilityRecord),
          MACHINE_VULNERABILITY_FILTER,
          'Collection(microsoft.windowsDefenderATP.api.PublicAssetVulnerabilityDto)',
        ),
    ),
    route('/api/vulnerabilities/:cve', VULNERABILITY, 'mde:vulnerability', (req) => {
      const tvm = tvmOf(callerTenant(world, req));
      const id = (req.params.cve ?? '').toUpperCase();
      const [record] = vulnerabilityRecords(
        tvm,
        tvm.exposures.filter((e) => e.cve.id === id),
      );
      return record
        ? ok({ '@odata.context': meta(req, 'Vulnerabilities/$entity'), ...record })
        : error('mde', req, 404, 'ResourceNotFound', `Vulnerability ${req.params.cve} was not found`);
    }),
    route(
      '/api/machines/SoftwareVulnerabilitiesByMachine',
      VULNERABILITY,
      'mde:softwareVulnerabilitiesExport',
      (req) => exportPage(req, assessmentRows(tvmOf(callerTenant(world, req))), error),
    ),
    route('/api/machines/:id/vulnerabilities', VULNERABILITY, 'mde:machineVulnerabilities', (req) =>
      withMachine(req, (tenant, id) => {
        const tvm = tvmOf(tenant);
        return ok({
          '@odata.context': meta(req, 'Collection(Analytics.Contracts.PublicAPI.PublicVulnerabilityDto)'),
          value: vulnerabilityRecords(tvm, tvm.exposuresOf(id)),
        });
      }),
    ),
    route('/api/Software', SOFTWARE, 'mde:software', (req) => {
      const tenant = callerTenant(world, req);
      const rows = productStats(tvmOf(tenant)).map((s) => softwareRecord(s, machineCount(tenant)));
      return list(req, rows, SOFTWARE_FILTER, 'Software');
    }),
    route('/api/Software/:softwareId', SOFTWARE, 'mde:softwareById', (req) => {
      const tenant = callerTenant(world, req);
      const record = productStats(tvmOf(tenant))
        .map((s) => softwareRecord(s, machineCount(tenant)))
        .find((r) => r.id === req.params.softwareId?.toLowerCase());
      return record
        ? ok({ '@odata.context': meta(req, 'Software/$entity'), ...record })
        : error('mde', req, 404, 'ResourceNotFound', `Software ${req.params.softwareId} was not found`);
    }),
    route('/api/machines/:id/software', SOFTWARE, 'mde:machineSoftware', (req) =>
      withMachine(req, (tenant, id) => {
        const installed = new Set(
          tvmOf(tenant)
            .softwareOf(id)
            .map((i) => i.product),
        );
        const value = productStats(tvmOf(tenant))
          .filter((s) => installed.has(s.product))
          .map((s) => softwareRecord(s, machineCount(tenant)));
        return ok({ '@odata.context': meta(req, 'Software'), value });
      }),
    ),
    route('/api/recommendations', RECOMMENDATION, 'mde:recommendations', (req) => {
      const tenant = callerTenant(world, req);
      const rows = productStats(tvmOf(tenant))
        .filter((s) => s.exposed.length > 0)
        .map((s) => recommendationRecord(s, machineCount(tenant)));
      return list(req, rows, RECOMMENDATION_FILTER, 'Recommendations');
    }),
    route('/api/recommendations/:recommendationId', RECOMMENDATION, 'mde:recommendation', (req) => {
      const tenant = callerTenant(world, req);
      const record = productStats(tvmOf(tenant))
        .filter((s) => s.exposed.length > 0)
        .map((s) => recommendationRecord(s, machineCount(tenant)))
        .find((r) => r.id === req.params.recommendationId?.toLowerCase());
      return record
        ? ok({ '@odata.context': meta(req, 'Recommendations/$entity'), ...record })
        : error(
            'mde',
            req,
            404,
            'ResourceNotFound',
            `Recommendation ${req.params.recommendationId} was not found`,
          );
    }),
    route('/api/machines/:id/recommendations', RECOMMENDATION, 'mde:machineRecommendations', (req) =>
      withMachine(req, (tenant, id) => {
        const exposed = new Set(
          tvmOf(tenant)
            .exposuresOf(id)
            .map((e) => e.installed.product),
        );
        const value = productStats(tvmOf(tenant))
          .filter((s) => exposed.has(s.product))
          .map((s) => recommendationRecord(s, machineCount(tenant)));
        return ok({ '@odata.context': meta(req, 'Recommendations'), value });
      }),
    ),
    route('/api/exposureScore', SCORE, 'mde:exposureScore', (req) => {
      const tenant = callerTenant(world, req);
      return ok({
        '@odata.context': meta(req, 'ExposureScore/$entity'),
        time: new Date(world.clock.now()).toISOString(),
        score: exposureScore(
          tvmOf(tenant),
          tenant.machines.map((m) => m.id),
        ),
      });
    }),
  ];
}

/**
 * The export API pages by `pageSize` with an opaque `$skiptoken`; `$top` returns that many rows and no
 * nextLink. The token here is the base64url offset (Microsoft's is opaque too).
 */
function exportPage(req: EmuRequest, rows: Row[], error: ReturnType<typeof errorOf>): EmuResponse {
  const bad = (message: string) => error('mde', req, 400, 'InvalidParameterValue', message);
  const number = (name: string) => {
    const text = [...req.query.entries()].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    if (text === undefined) return undefined;
    return /^\d+$/.test(text) ? Number(text) : Number.NaN;
  };
  const pageSize = number('pageSize') ?? EXPORT_PAGE.default;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > EXPORT_PAGE.max)
    return bad(`pageSize must be an integer from 1 to ${EXPORT_PAGE.max}.`);
  const top = number('$top');
  if (top !== undefined && (!Number.isInteger(top) || top < 0))
    return bad('$top must be a non-negative integer.');
  const token = req.query.get('$skiptoken');
  const decoded = token === null ? '0' : Buffer.from(token, 'base64url').toString('utf8');
  if (!/^\d+$/.test(decoded)) return bad('The $skiptoken is not valid.');
  const offset = Number(decoded);
  const context = `${requestOrigin(req)}/api/$metadata#Collection(microsoft.windowsDefenderATP.api.AssetVulnerability)`;
  if (top !== undefined) return ok({ '@odata.context': context, value: rows.slice(0, top) });
  const value = rows.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { '@odata.context': context, value };
  if (offset + pageSize < rows.length) {
    const next = new URLSearchParams({
      pageSize: String(pageSize),
      $skiptoken: Buffer.from(String(offset + pageSize)).toString('base64url'),
    });
    body['@odata.nextLink'] = `${requestOrigin(req)}${req.path}?${next.toString()}`;
  }
  return ok(body);
}
