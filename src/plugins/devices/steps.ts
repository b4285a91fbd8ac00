import type { MachineAction } from '../../defender/schemas/mde.js';
import type { NextStep } from '../../kernel/index.js';

/** Next calls after an action: check on it, and (when there is one) how to undo it. */
export function actionSteps(
  action: MachineAction | undefined,
  input: { machineId: string; tenant?: string | undefined },
  undo?: { tool: string; why: string },
): NextStep[] {
  const tenant = input.tenant === undefined ? {} : { tenant: input.tenant };
  const steps: NextStep[] = [];
  if (action) {
    steps.push({
      tool: 'get_device_actions',
      why: 'Check the status of this machine action.',
      args: { actionId: action.id, ...tenant },
    });
  }
  if (undo) steps.push({ tool: undo.tool, why: undo.why, args: { machineId: input.machineId, ...tenant } });
  return steps;
}
