import { z } from 'zod';
import { deviceActionTool } from './action-tool.js';
import { DeviceActionArgs } from './device-action.js';
import type { DeviceState } from './device-state.js';
import { actionSteps } from './steps.js';

const Input = z.object(DeviceActionArgs);

const restricted = (s: DeviceState) => {
  const active = s.containment.codeExecutionRestricted.active;
  return active === null ? 'unknown' : active ? 'restricted' : 'not restricted';
};

export const RestrictAppExecution = deviceActionTool(
  {
    name: 'restrict_app_execution',
    title: 'Restrict app execution',
    description:
      'Lets only Microsoft-signed code run on one device (restrictCodeExecution). Two phases, then a ' +
      'person approves. Protected devices are refused.',
    input: Input,
    risk: 'destructive',
  },
  {
    kind: 'restrictCodeExecution',
    group: () => 'code-execution',
    destructive: true,
    verb: () => 'restrict app execution on',
    change: (s) => ({ field: 'code execution', from: restricted(s), to: 'restricted' }),
    inEffect: (s) => (restricted(s) === 'restricted' ? 'app execution is already restricted' : undefined),
    body: () => ({}),
    warnings: () => [
      'Only Microsoft-signed code runs until the restriction is removed (remove_app_restriction).',
    ],
    next: (a, i) =>
      actionSteps(a, i, { tool: 'remove_app_restriction', why: 'Lift the restriction once it is safe.' }),
  },
);

export const RemoveAppRestriction = deviceActionTool(
  {
    name: 'remove_app_restriction',
    title: 'Remove app restriction',
    description:
      'Lifts the app execution restriction of one device (unrestrictCodeExecution). Two phases: preview ' +
      'from live state, then the call with the confirmationToken.',
    input: Input,
    risk: 'write',
  },
  {
    kind: 'unrestrictCodeExecution',
    group: () => 'code-execution',
    destructive: false,
    verb: () => 'remove the app execution restriction of',
    change: (s) => ({ field: 'code execution', from: restricted(s), to: 'not restricted' }),
    inEffect: (s) => (restricted(s) === 'not restricted' ? 'app execution is not restricted' : undefined),
    body: () => ({}),
    next: (a, i) => actionSteps(a, i),
  },
);
