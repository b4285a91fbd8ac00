import { z } from 'zod';
import { DEVICE_ROLES } from '../../defender/response/device-target.js';
import { deviceActionTool } from './action-tool.js';
import { isolationNow } from './describe.js';
import { DeviceActionArgs, type DeviceActionDef, type DeviceActionInput } from './device-action.js';
import type { DeviceState } from './device-state.js';
import { actionSteps } from './steps.js';

export const IsolationType = z
  .enum(['Full', 'Selective', 'UnManagedDevice'])
  .default('Full')
  .describe(
    'Full: only the Defender channel stays open. Selective: Outlook, Teams and Skype keep working. ' +
      'UnManagedDevice: contain an unmanaged device seen on the network.',
  );

const Input = z.object({ ...DeviceActionArgs, isolationType: IsolationType });

export type IsolateInput = DeviceActionInput & { isolationType: 'Full' | 'Selective' | 'UnManagedDevice' };

/** Isolation shared by isolate_device and isolate_devices. */
export const ISOLATE: DeviceActionDef<IsolateInput> & { warnings(s: DeviceState): string[] } = {
  kind: 'isolate',
  group: () => 'isolation',
  destructive: true,
  verb: (i: { isolationType: string }) => `isolate (${i.isolationType})`,
  change: (s: DeviceState, i: { isolationType: string }) => ({
    field: 'isolation',
    from: isolationNow(s),
    to: `isolated (${i.isolationType})`,
  }),
  inEffect: (s: DeviceState, i: { isolationType: string }) =>
    isolationNow(s) === `isolated (${i.isolationType})`
      ? `it is already isolated (${i.isolationType})`
      : undefined,
  body: (i: { isolationType: 'Full' | 'Selective' | 'UnManagedDevice' }) => ({
    IsolationType: i.isolationType,
  }),
  warnings: (s: DeviceState) => {
    const roles = s.target.roles ?? [];
    return [
      'The device loses every network connection except to Defender until it is released (release_device).',
      ...(roles.includes(DEVICE_ROLES.server)
        ? ['This looks like a server: the services it runs stop for everyone.']
        : []),
      ...(s.machine.healthStatus && s.machine.healthStatus !== 'Active'
        ? ['The sensor is not Active: the action may stay Pending until the device checks in.']
        : []),
    ];
  },
  next: (a: Parameters<typeof actionSteps>[0], i: { machineId: string; tenant?: string | undefined }) =>
    actionSteps(a, i, { tool: 'release_device', why: 'Release the device once it is safe.' }),
};

export const IsolateDevice = deviceActionTool(
  {
    name: 'isolate_device',
    title: 'Isolate device',
    description:
      'Cuts one device off the network except the Defender channel (Defender for Endpoint isolate). Two ' +
      'phases: the preview reads the device live (name, OS, health, tags, server or domain controller, ' +
      'containment, pending actions) and says exactly what changes; the call with its confirmationToken ' +
      'then asks a person to approve. Protected devices (domain controllers by default) are refused. ' +
      'Returns the machine action and follows it with progress notifications.',
    input: Input,
    risk: 'destructive',
  },
  ISOLATE,
);
