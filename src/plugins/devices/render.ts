import { TextView } from '../../defender/present.js';
import type { ActionResult, DeviceOutcome } from './action-view.js';
import type { DeviceView } from './device-state.js';

const tri = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');

/** The device's record as text fields (upstream values: fenced by the view). */
export function deviceFields(d: DeviceView) {
  return {
    machineId: d.machineId,
    computerDnsName: d.computerDnsName,
    os: [d.osPlatform, d.version].filter(Boolean).join(' '),
    healthStatus: d.healthStatus,
    riskScore: d.riskScore,
    exposureLevel: d.exposureLevel,
    lastSeen: d.lastSeen,
    lastIpAddress: d.lastIpAddress,
    deviceGroup: d.rbacGroupName,
    tags: d.machineTags.join(', '),
  };
}

/** Our words about a device: roles, protection and containment (no upstream text). */
export function deviceState(d: DeviceView): string {
  const iso = d.containment.isolated;
  const res = d.containment.codeExecutionRestricted;
  const pending = [iso.pending, res.pending]
    .filter((p) => p !== null)
    .map((p) => ` A ${p.type} action is ${p.status} (${p.actionId}).`)
    .join('');
  const roles = d.roles.length > 0 ? d.roles.join(', ') : 'workstation';
  const guard = d.protectedBy ? ` Protected (${d.protectedBy}): acting tools refuse it.` : '';
  return `Looks like: ${roles}. Isolated: ${tri(iso.active)}. Code execution restricted: ${tri(res.active)}.${pending}${guard}`;
}

/** Our words only: the action itself (upstream values) goes in a fenced record. */
export function outcomeLine(o: DeviceOutcome): string {
  return `${o.machineId}: ${o.outcome}. ${o.message}`;
}

export function renderActionResult(o: ActionResult): string {
  const view = new TextView(`Device action in tenant "${o.tenant}": ${o.outcome}.`);
  view.say(outcomeLine(o)).say(deviceState(o.device)).record('device', deviceFields(o.device));
  if (o.action)
    view.record('machine-action', { ...o.action, cancellation: undefined, relatedFile: undefined });
  return view.next(o.nextSteps).toString();
}
