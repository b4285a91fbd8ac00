import type { Containment } from '../../defender/response/containment.js';
import type { NextStep } from '../../kernel/index.js';
import type { AlertRef } from './alert-refs.js';
import { hunts } from './kql.js';

/** What a model usually does after enriching a device. The caller filters by the catalog. */
export function deviceNextSteps(d: {
  tenant: string;
  machineId: string;
  alerts: readonly AlertRef[];
  containment: Containment;
}): NextStep[] {
  const steps: NextStep[] = d.alerts.slice(0, 3).map((alert) => ({
    tool: 'get_alert',
    why: 'Read this alert of the device in full (evidence, MITRE techniques).',
    args: { alertId: alert.id, tenant: d.tenant },
  }));
  steps.push({
    tool: 'run_hunting_query',
    why: "Hunt the device's recent process activity.",
    args: { query: hunts.device(d.machineId), tenant: d.tenant },
  });
  const isolation = d.containment.isolated;
  if (isolation.active === false && !isolation.pending) {
    steps.push({
      tool: 'isolate_device',
      why: 'Cut the device off the network if the alerts show an active compromise (needs approval).',
      args: { machineId: d.machineId, tenant: d.tenant },
    });
  }
  return steps;
}
