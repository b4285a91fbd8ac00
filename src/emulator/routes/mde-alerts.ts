import type { Alert, Evidence, Machine } from '../data/model.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, isPlainObject, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { listResponse, MDE_PAGING } from './listing.js';
import { mdeAlert } from './mde-machines.js';

/**
 * Tenant-wide Defender for Endpoint alerts (defender-endpoint/api/get-alerts.md, get-alert-info-by-id.md):
 * the Defender for Endpoint alerts of the world in the MDE shape, `$filter` on the documented
 * properties, `$expand=evidence` in the MDE evidence shape.
 */

const READ = ['Alert.Read.All', 'Alert.ReadWrite.All'];
type Row = Record<string, unknown>;

const MDE_ALERT_FILTER: FilterSchema<Row> = {
  typeName: 'Alert',
  properties: {
    alertCreationTime: { kind: 'datetime' },
    lastUpdateTime: { kind: 'datetime' },
    incidentId: { kind: 'number' },
    investigationId: { kind: 'number' },
    id: { kind: 'string' },
    assignedTo: { kind: 'string' },
    detectionSource: { kind: 'string' },
    lastEventTime: { kind: 'datetime' },
    status: { kind: 'enum', values: ['Unknown', 'New', 'InProgress', 'Resolved'] },
    severity: { kind: 'enum', values: ['UnSpecified', 'Informational', 'Low', 'Medium', 'High'] },
    category: { kind: 'string' },
  },
};

const EVIDENCE_KEYS = [
  'sha1',
  'sha256',
  'fileName',
  'filePath',
  'processId',
  'processCommandLine',
  'processCreationTime',
  'parentProcessId',
  'parentProcessCreationTime',
  'parentProcessFileName',
  'parentProcessFilePath',
  'ipAddress',
  'url',
  'registryKey',
  'registryHive',
  'registryValueType',
  'registryValue',
  'accountName',
  'domainName',
  'userSid',
  'aadUserId',
  'userPrincipalName',
  'detectionStatus',
] as const;

const ENTITY_TYPES: Readonly<Record<string, string>> = {
  userEvidence: 'User',
  processEvidence: 'Process',
  fileEvidence: 'File',
  ipEvidence: 'Ip',
  urlEvidence: 'Url',
  registryKeyEvidence: 'RegistryKey',
  registryValueEvidence: 'RegistryValue',
};

const field = (record: unknown, key: string): unknown =>
  isPlainObject(record) ? (record[key] ?? null) : null;
const pascal = (value: unknown) =>
  typeof value === 'string' && value.length > 0 ? value.charAt(0).toUpperCase() + value.slice(1) : null;

/** A Graph evidence item in the MDE evidence shape (every documented key, null when it does not apply). */
function mdeEvidence(e: Evidence): Row | undefined {
  const type = e['@odata.type'].split('.').pop() ?? '';
  const entityType = ENTITY_TYPES[type];
  if (!entityType) return undefined;
  const file = e.fileDetails ?? e.imageFile;
  const parent = e.parentProcessImageFile;
  const account = e.userAccount;
  const values: Row = {
    sha1: field(file, 'sha1'),
    sha256: field(file, 'sha256'),
    fileName: field(file, 'fileName'),
    filePath: field(file, 'filePath'),
    processId: e.processId ?? null,
    processCommandLine: e.processCommandLine ?? null,
    processCreationTime: e.processCreationDateTime ?? null,
    parentProcessId: e.parentProcessId ?? null,
    parentProcessCreationTime: e.parentProcessCreationDateTime ?? null,
    parentProcessFileName: field(parent, 'fileName'),
    parentProcessFilePath: field(parent, 'filePath'),
    ipAddress: e.ipAddress ?? null,
    url: e.url ?? null,
    registryKey: e.registryKey ?? null,
    registryHive: e.registryHive ?? null,
    registryValueType: e.registryValueType ?? null,
    registryValue: e.registryValue ?? null,
    accountName: field(account, 'accountName'),
    domainName: field(account, 'domainName'),
    userSid: field(account, 'userSid'),
    aadUserId: field(account, 'azureAdUserId'),
    userPrincipalName: field(account, 'userPrincipalName'),
    detectionStatus: pascal(e.detectionStatus),
  };
  const row: Row = { entityType, evidenceCreationTime: e.createdDateTime ?? null };
  for (const key of EVIDENCE_KEYS) row[key] = values[key] ?? null;
  return row;
}

/** The machine an MDE alert is about: the first evidence naming a machine of the tenant. */
function machineOf(tenant: TenantData, alert: Alert): Machine | undefined {
  for (const e of alert.evidence) {
    const machine = tenant.machines.find((m) => m.id === e.mdeDeviceId);
    if (machine) return machine;
  }
  return undefined;
}

/** The tenant's Defender for Endpoint alerts in the MDE shape, newest first. */
function mdeAlerts(tenant: TenantData, withEvidence: boolean): Row[] {
  return tenant.alerts.flatMap((alert) => {
    if (alert.serviceSource !== 'microsoftDefenderForEndpoint') return [];
    const machine = machineOf(tenant, alert);
    if (!machine) return [];
    const user = alert.evidence.find((e) => e['@odata.type'].endsWith('userEvidence'))?.userAccount;
    const row: Row = {
      ...mdeAlert(tenant, alert, machine),
      threatName: alert.threatDisplayName,
      relatedUser: user
        ? { userName: field(user, 'accountName'), domainName: field(user, 'domainName') }
        : null,
      evidence: withEvidence ? alert.evidence.flatMap((e) => mdeEvidence(e) ?? []) : [],
    };
    return [row];
  });
}

/** `$expand=evidence` is the only expansion; anything else is a 400. */
function expandsEvidence(req: EmuRequest): boolean | 'invalid' {
  const expand = req.query.get('$expand');
  if (expand === null) return false;
  return expand
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .every((p) => p === 'evidence')
    ? true
    : 'invalid';
}

export function mdeAlertRoutes(world: World): Route[] {
  const error = errorOf(world);
  const meta = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;
  const badExpand = (req: EmuRequest) =>
    error('mde', req, 400, 'ODataError', `Could not expand '${req.query.get('$expand')}' (only 'evidence').`);
  return [
    {
      method: 'GET',
      pattern: '/api/alerts',
      api: 'mde',
      roles: READ,
      quota: 'mde:alerts',
      handler(req) {
        const expand = expandsEvidence(req);
        if (expand === 'invalid') return badExpand(req);
        return listResponse(world, req, mdeAlerts(callerTenant(world, req), expand), {
          api: 'mde',
          schema: MDE_ALERT_FILTER,
          rules: MDE_PAGING,
          context: meta(req, 'Alerts'),
        });
      },
    },
    {
      method: 'GET',
      pattern: '/api/alerts/:id',
      api: 'mde',
      roles: READ,
      quota: 'mde:alert',
      handler(req) {
        const expand = expandsEvidence(req);
        if (expand === 'invalid') return badExpand(req);
        const alert = mdeAlerts(callerTenant(world, req), expand).find((a) => a.id === req.params.id);
        return alert
          ? ok({ '@odata.context': meta(req, 'Alerts/$entity'), ...alert })
          : error('mde', req, 404, 'ResourceNotFound', `Alert ${req.params.id} was not found`);
      },
    },
  ];
}
