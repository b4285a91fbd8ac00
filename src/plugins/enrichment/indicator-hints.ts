import type { NextStep } from '../../kernel/index.js';
import type { AlertRef } from './alert-refs.js';

/**
 * Next steps for an indicator (IP, file) seen in one or more tenants: enrich the devices and users
 * its alerts name, read the alerts, and hunt it everywhere it was asked about.
 */
export function indicatorNextSteps(d: {
  requestedTenant: string | undefined;
  hunt: { query: string; why: string };
  perTenant: {
    tenant: string;
    alerts: readonly AlertRef[];
    machineIds: readonly string[];
    upns: readonly string[];
  }[];
}): NextStep[] {
  const steps: NextStep[] = [];
  for (const t of d.perTenant) {
    steps.push(
      ...t.machineIds.slice(0, 3).map((machineId) => ({
        tool: 'enrich_device',
        why: 'Enrich a device this indicator was seen on.',
        args: { machineId, tenant: t.tenant },
      })),
      ...t.upns.slice(0, 2).map((upn) => ({
        tool: 'enrich_user',
        why: 'Enrich a user named in the related alerts.',
        args: { upn, tenant: t.tenant },
      })),
      ...t.alerts.slice(0, 2).map((alert) => ({
        tool: 'get_alert',
        why: 'Read a related alert in full.',
        args: { alertId: alert.id, tenant: t.tenant },
      })),
    );
  }
  steps.push({
    tool: 'run_hunting_query',
    why: d.hunt.why,
    args: { query: d.hunt.query, ...(d.requestedTenant ? { tenant: d.requestedTenant } : {}) },
  });
  return steps;
}
