import { addressRoles, type IndicatorType } from '../../defender/indicators/index.js';
import type { NextStep } from '../../kernel/index.js';
import type { AlertRef } from './alert-refs.js';

/**
 * Next steps for an indicator (IP, file) seen in one or more tenants: enrich the devices and users
 * its alerts name, read the alerts, and hunt it everywhere it was asked about.
 */
export function indicatorNextSteps(d: {
  requestedTenant: string | undefined;
  hunt: { query: string; why: string };
  /** The value as an indicator, for submit_indicator (offered only where that tool is enabled). */
  indicator: { indicatorType: IndicatorType; value: string };
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
      submitStep(d.indicator, t.tenant),
    );
  }
  steps.push({
    tool: 'run_hunting_query',
    why: d.hunt.why,
    args: { query: d.hunt.query, ...(d.requestedTenant ? { tenant: d.requestedTenant } : {}) },
  });
  return steps;
}

/**
 * A block (an audit for a private address, which is never blocked by default) of the value: the
 * call previews what it would hit, and a person approves it.
 */
function submitStep(indicator: { indicatorType: IndicatorType; value: string }, tenant: string): NextStep {
  const internal = indicator.indicatorType === 'IpAddress' && addressRoles(indicator.value).length > 0;
  const action = internal ? 'Audit' : 'Block';
  return {
    tool: 'submit_indicator',
    why: `${action} this ${internal ? 'internal address' : 'value'} in Defender; the preview shows how many devices saw it (a person approves).`,
    args: {
      ...indicator,
      action,
      title: `${action} ${indicator.value}`,
      description: 'Submitted after enrichment showed it in related alerts.',
      tenant,
    },
  };
}
