import { z } from 'zod';
import { deviceActionTool } from './action-tool.js';
import { isolationNow } from './describe.js';
import { DeviceActionArgs } from './device-action.js';
import { actionSteps } from './steps.js';

const Input = z.object(DeviceActionArgs);

export const ReleaseDevice = deviceActionTool(
  {
    name: 'release_device',
    title: 'Release device from isolation',
    description:
      'Releases one isolated device (Defender for Endpoint unisolate). Two phases: preview from live ' +
      'state, then the call with the confirmationToken. Refused within the cooldown after an isolate ' +
      'of the same device (no flapping).',
    input: Input,
    risk: 'write',
  },
  {
    kind: 'unisolate',
    group: () => 'isolation',
    destructive: false,
    verb: () => 'release from isolation',
    change: (s) => ({ field: 'isolation', from: isolationNow(s), to: 'not isolated' }),
    inEffect: (s) => (s.containment.isolated.active === false ? 'it is not isolated' : undefined),
    body: () => ({}),
    next: (a, i) => actionSteps(a, i),
  },
);
