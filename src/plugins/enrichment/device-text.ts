import type { EnrichDeviceOutput } from './enrich-device.js';
import { TextReport } from './render.js';

const tri = (v: boolean | null) => (v === null ? 'unknown' : v ? 'yes' : 'no');

export function renderDevice(o: EnrichDeviceOutput): string {
  const report = new TextReport();
  report.line(`Device lookup by ${o.lookup.by} in tenant "${o.tenant}".`);
  if (o.ambiguous) {
    report
      .line(
        `${o.candidates?.length ?? 0} machines match${o.candidatesTruncated ? ' (more exist)' : ''}; enrich one by machineId.`,
      )
      .data('candidates', o.candidates);
    return report.nextSteps(o.nextSteps).toString();
  }
  if (o.containment) {
    const { isolated, codeExecutionRestricted: restricted } = o.containment;
    report.line(
      `Isolated right now: ${tri(isolated.active)}${isolated.pending ? ` (a ${isolated.pending.type} action is ${isolated.pending.status})` : ''}.`,
    );
    report.line(
      `Code execution restricted: ${tri(restricted.active)}${restricted.pending ? ` (a ${restricted.pending.type} action is ${restricted.pending.status})` : ''}.`,
    );
    report.line(`Derived from ${o.containment.basis}.`);
  }
  report.data('machine', { ...o.machine, ...o.health });
  for (const [label, section] of [
    ['alerts', o.alerts],
    ['logged-on-users', o.loggedOnUsers],
    ['machine-actions', o.machineActions],
  ] as const) {
    if (!section) continue;
    if (section.error) {
      report.line(`${label}: could not be read (${section.error.code}: ${section.error.message})`);
      continue;
    }
    report.line(`${label}: ${section.items.length} shown${section.truncated ? ', more exist' : ''}.`);
    if (section.items.length > 0) report.data(label, section.items);
  }
  return report.nextSteps(o.nextSteps).toString();
}
