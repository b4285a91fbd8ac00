import type { Containment } from '../../defender/response/containment.js';
import type { DeviceState } from './device-state.js';
import { safeName } from './names.js';

const tri = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');

function containmentLine(label: string, state: Containment['isolated']): string {
  const pending = state.pending
    ? ` (${state.pending.type} ${state.pending.status}, action ${state.pending.actionId})`
    : '';
  return `${label}: ${tri(state.active)}${pending}`;
}

/**
 * The live facts an approver needs, in one paragraph: OS, health, last seen, tags, what the device
 * looks like (server, domain controller), containment and anything pending. Upstream values pass
 * through safeName.
 */
export function describeDevice(state: DeviceState): string {
  const m = state.machine;
  const tags = (m.machineTags ?? []).map(safeName);
  const roles = state.target.roles ?? [];
  return [
    `OS ${safeName(m.osPlatform)} ${safeName(m.version)}`,
    `health ${safeName(m.healthStatus)}`,
    `last seen ${safeName(m.lastSeen)}`,
    `tags [${tags.join(', ')}]`,
    `looks like: ${roles.length > 0 ? roles.join(', ') : 'a workstation'}`,
    containmentLine('isolated', state.containment.isolated),
    containmentLine('code execution restricted', state.containment.codeExecutionRestricted),
  ]
    .join('; ')
    .concat('.');
}

/** The isolation in effect as the preview's "from" value. */
export function isolationNow(state: DeviceState): string {
  const iso = state.containment.isolated;
  if (iso.active === null) return 'unknown';
  if (!iso.active) return 'not isolated';
  const decided = state.actions.find((a) => a.id === iso.decidedBy);
  return `isolated (${decided?.scope ?? 'Full'})`;
}
