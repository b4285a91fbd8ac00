import type { Alert, Machine } from '../data/model.js';
import { iso7 } from '../data/time.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { listResponse, MDE_PAGING } from './listing.js';
import { findByIp, isFindByIp } from './mde-findbyip.js';

/** Defender for Endpoint machines (facts §2.1): list, get, logged-on users, alerts of a machine. */

const READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];

export const MACHINE_FILTER: FilterSchema<Machine> = {
  typeName: 'Machine',
  properties: {
    computerDnsName: { kind: 'string' },
    id: { kind: 'string' },
    version: { kind: 'string' },
    deviceValue: { kind: 'enum', values: ['Normal', 'Low', 'High'] },
    aadDeviceId: { kind: 'string' },
    machineTags: { kind: 'stringArray' },
    lastSeen: { kind: 'datetime' },
    exposureLevel: { kind: 'enum', values: ['None', 'Low', 'Medium', 'High'] },
    onboardingStatus: {
      kind: 'enum',
      values: ['Onboarded', 'CanBeOnboarded', 'Unsupported', 'InsufficientInfo'],
    },
    lastIpAddress: { kind: 'string' },
    healthStatus: {
      kind: 'enum',
      values: [
        'Active',
        'Inactive',
        'ImpairedCommunication',
        'NoSensorData',
        'NoSensorDataImpairedCommunication',
        'Unknown',
      ],
    },
    osPlatform: { kind: 'string' },
    riskScore: { kind: 'enum', values: ['None', 'Informational', 'Low', 'Medium', 'High'] },
    rbacGroupId: { kind: 'number' },
  },
};

/** A machine by id or by computer DNS name, as the real GET accepts both. */
export function findMachine(tenant: TenantData, key: string | undefined): Machine | undefined {
  const k = (key ?? '').toLowerCase();
  return tenant.machines.find((m) => m.id === k || m.computerDnsName.toLowerCase() === k);
}

const pascal = (value: string | null) => (value ? value.charAt(0).toUpperCase() + value.slice(1) : null);

/** The MDE view of a Graph alert (the `/api/alerts` shape: PascalCase enums, numeric incident id). */
export function mdeAlert(tenant: TenantData, alert: Alert, machine: Machine): Record<string, unknown> {
  return {
    id: alert.providerAlertId,
    incidentId: Number(alert.incidentId),
    investigationId: null,
    assignedTo: alert.assignedTo,
    severity: pascal(alert.severity),
    status: pascal(alert.status),
    classification: alert.classification === 'unknown' ? null : pascal(alert.classification),
    determination: alert.determination === 'unknown' ? null : pascal(alert.determination),
    investigationState: 'Unsupported',
    detectionSource: alert.detectionSource === 'antivirus' ? 'WindowsDefenderAv' : 'WindowsDefenderAtp',
    detectorId: alert.detectorId,
    category: alert.category,
    threatFamilyName: alert.threatFamilyName,
    title: alert.title,
    description: alert.description,
    alertCreationTime: alert.createdDateTime,
    firstEventTime: alert.firstActivityDateTime,
    lastEventTime: alert.lastActivityDateTime,
    lastUpdateTime: alert.lastUpdateDateTime,
    resolvedTime: alert.resolvedDateTime,
    machineId: machine.id,
    computerDnsName: machine.computerDnsName,
    rbacGroupName: machine.rbacGroupName,
    aadTenantId: tenant.tenantId,
    mitreTechniques: [...alert.mitreTechniques],
    comments: alert.comments.map((c) => ({
      comment: c.comment,
      createdBy: c.createdByDisplayName,
      createdTime: c.createdDateTime,
    })),
  };
}

export function machineRoutes(world: World): Route[] {
  const error = errorOf(world);
  const notFound = (req: EmuRequest) =>
    error('mde', req, 404, 'ResourceNotFound', `Machine ${req.params.id} was not found`);
  const meta = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;

  return [
    {
      method: 'GET',
      pattern: '/api/machines',
      api: 'mde',
      roles: READ,
      quota: 'mde:machines',
      handler: (req) =>
        listResponse(world, req, callerTenant(world, req).machines, {
          api: 'mde',
          schema: MACHINE_FILTER,
          rules: MDE_PAGING,
          context: meta(req, 'Machines'),
          onEmpty: () => error('mde', req, 404, 'ResourceNotFound', 'No machines found'),
        }),
    },
    {
      method: 'GET',
      pattern: '/api/machines/:id',
      api: 'mde',
      roles: READ,
      quota: 'mde:machine',
      handler(req) {
        const tenant = callerTenant(world, req);
        if (isFindByIp(req.params.id)) {
          const found = findByIp(tenant, req.params.id ?? '', world.clock.now());
          if (!found.ok) return error('mde', req, 400, 'InvalidInput', found.message);
          return ok({ '@odata.context': meta(req, 'Machines'), value: structuredClone(found.machines) });
        }
        const machine = findMachine(tenant, req.params.id);
        return machine
          ? ok({ '@odata.context': meta(req, 'Machines/$entity'), ...structuredClone(machine) })
          : notFound(req);
      },
    },
    {
      method: 'GET',
      pattern: '/api/machines/:id/logonusers',
      api: 'mde',
      roles: ['User.Read.All', 'User.ReadWrite.All'],
      quota: 'mde:logonusers',
      handler(req) {
        const tenant = callerTenant(world, req);
        const machine = findMachine(tenant, req.params.id);
        if (!machine) return notFound(req);
        const value = tenant.usersOf(machine.id).map((u, i) => ({
          id: u.onPremisesSamAccountName,
          accountName: u.onPremisesSamAccountName,
          accountDomain: tenant.netbiosDomain,
          accountSid: u.onPremisesSecurityIdentifier,
          firstSeen: machine.firstSeen,
          lastSeen: i === 0 ? machine.lastSeen : iso7(Date.parse(machine.lastSeen) - 86_400_000),
          logonTypes: i === 0 ? 'Interactive' : 'Network',
          isDomainAdmin: false,
          isOnlyNetworkUser: i !== 0,
        }));
        return ok({ '@odata.context': meta(req, 'Users'), value });
      },
    },
    {
      method: 'GET',
      pattern: '/api/machines/:id/alerts',
      api: 'mde',
      roles: ['Alert.Read.All', 'Alert.ReadWrite.All'],
      quota: 'mde:machineAlerts',
      handler(req) {
        const tenant = callerTenant(world, req);
        const machine = findMachine(tenant, req.params.id);
        if (!machine) return notFound(req);
        const value = tenant.alerts
          .filter(
            (a) =>
              a.serviceSource === 'microsoftDefenderForEndpoint' &&
              a.evidence.some((e) => e.mdeDeviceId === machine.id),
          )
          .map((a) => mdeAlert(tenant, a, machine));
        return ok({ '@odata.context': meta(req, 'Alerts'), value });
      },
    },
  ];
}
