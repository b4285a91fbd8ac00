import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import { escapeDeep } from '../../defender/fence.js';
import type { DefenderForEndpoint } from '../../defender/mde.js';
import { f } from '../../defender/odata-filter.js';
import { type Containment, ContainmentSchema, containmentOf } from '../../defender/response/containment.js';
import { deviceRoles, deviceTarget } from '../../defender/response/device-target.js';
import type { Machine, MachineAction } from '../../defender/schemas/mde.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { type GuardTarget, type ProtectedTargets, protectionOf } from '../../kernel/index.js';
import { deviceLabel } from './names.js';

/** A device as every devices tool shows it: record, health, what it is, containment, protection. */
export const DeviceSchema = z.object({
  machineId: z.string().describe('Canonical Defender for Endpoint machine id: what actions target.'),
  computerDnsName: z.string().nullable(),
  osPlatform: z.string().nullable(),
  version: z.string().nullable(),
  healthStatus: z.string().nullable(),
  riskScore: z.string().nullable(),
  exposureLevel: z.string().nullable(),
  deviceValue: z.string().nullable(),
  lastSeen: z.string().nullable(),
  lastIpAddress: z.string().nullable(),
  rbacGroupName: z.string().nullable(),
  machineTags: z.array(z.string()),
  roles: z.array(z.string()).describe('What the device looks like: "domainController", "server".'),
  protectedBy: z
    .string()
    .nullable()
    .describe('The protection rule that makes acting tools refuse this device, or null.'),
  containment: ContainmentSchema,
});
export type DeviceView = z.output<typeof DeviceSchema>;

/** A device read for acting: the record, its action history (newest first) and what they imply. */
export interface DeviceState {
  machine: Machine;
  actions: MachineAction[];
  containment: Containment;
  target: GuardTarget;
  protectedBy: string | undefined;
}

/** Enough history to decide containment on a device that is acted on often. */
const HISTORY = 100;
const newestFirst = (a: MachineAction, b: MachineAction) =>
  (Date.parse(b.creationDateTimeUtc ?? '') || 0) - (Date.parse(a.creationDateTimeUtc ?? '') || 0);

export function stateOf(
  machine: Machine,
  actions: readonly MachineAction[],
  complete: boolean,
  rules: ProtectedTargets,
): DeviceState {
  const target = deviceTarget(machine, deviceLabel(machine));
  return {
    machine,
    actions: [...actions].sort(newestFirst),
    containment: containmentOf(actions, complete),
    target,
    protectedBy: protectionOf(rules, target),
  };
}

/** Reads one device and its recent machine actions, live (previews and executes both call it). */
export async function readDevice(
  mde: DefenderForEndpoint,
  tenant: TenantDefinition,
  machineId: string,
  rules: ProtectedTargets,
  call: CallOptions,
): Promise<DeviceState> {
  const machine = await mde.getMachine(tenant, machineId, call);
  const history = await mde.listMachineActions(
    tenant,
    { filter: f.eq('machineId', machine.id), top: HISTORY, maxItems: HISTORY, maxPages: 1 },
    call,
  );
  return stateOf(machine, history.items, !history.truncated, rules);
}

/** Several devices' histories in one request; a cut history leaves containment unknown, not guessed. */
export async function readDevices(
  mde: DefenderForEndpoint,
  tenant: TenantDefinition,
  machines: readonly Machine[],
  rules: ProtectedTargets,
  call: CallOptions,
): Promise<DeviceState[]> {
  if (machines.length === 0) return [];
  const filter = f.or(...machines.map((m) => f.eq('machineId', m.id)));
  const limit = HISTORY * machines.length;
  const history = await mde.listMachineActions(
    tenant,
    { filter, top: limit, maxItems: limit, maxPages: 1 },
    call,
  );
  return machines.map((m) =>
    stateOf(
      m,
      history.items.filter((a) => a.machineId?.toLowerCase() === m.id.toLowerCase()),
      !history.truncated,
      rules,
    ),
  );
}

export function deviceView(state: DeviceState): DeviceView {
  const m = state.machine;
  return escapeDeep({
    machineId: m.id.toLowerCase(),
    computerDnsName: m.computerDnsName ?? null,
    osPlatform: m.osPlatform ?? null,
    version: m.version ?? null,
    healthStatus: m.healthStatus ?? null,
    riskScore: m.riskScore ?? null,
    exposureLevel: m.exposureLevel ?? null,
    deviceValue: m.deviceValue ?? null,
    lastSeen: m.lastSeen ?? null,
    lastIpAddress: m.lastIpAddress ?? null,
    rbacGroupName: m.rbacGroupName ?? null,
    machineTags: m.machineTags ?? [],
    roles: deviceRoles(m),
    protectedBy: state.protectedBy ?? null,
    containment: state.containment,
  });
}
