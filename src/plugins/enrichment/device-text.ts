import { TextView } from '../../defender/present.js';
import type { EnrichDeviceOutput } from './enrich-device.js';
import { showSection } from './text.js';

const tri = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');
const pending = (p: { type: string; status: string } | null) =>
  p ? ` (a ${p.type} action is ${p.status})` : '';

export function renderDevice(o: EnrichDeviceOutput): string {
  const view = new TextView(`Device lookup by ${o.lookup.by} in tenant "${o.tenant}".`);
  if (o.ambiguous) {
    view
      .say(
        `${o.candidates?.length ?? 0} machines match${o.candidatesTruncated ? ' (more exist)' : ''}: enrich one by machineId.`,
      )
      .list('candidates', o.candidates ?? [], 'No candidates.');
    return view.next(o.nextSteps).toString();
  }
  if (o.containment) {
    const { isolated, codeExecutionRestricted: restricted, basis } = o.containment;
    view
      .say(`Isolated right now: ${tri(isolated.active)}${pending(isolated.pending)}.`)
      .say(`Code execution restricted: ${tri(restricted.active)}${pending(restricted.pending)}.`)
      .say(`Derived from ${basis}.`);
  }
  if (o.machine) view.record('machine', { ...o.machine, ...o.health });
  showSection(view, 'alerts', o.alerts);
  showSection(view, 'logged-on-users', o.loggedOnUsers);
  showSection(view, 'vulnerabilities', o.vulnerabilities);
  showSection(view, 'machine-actions', o.machineActions);
  return view.next(o.nextSteps).toString();
}
