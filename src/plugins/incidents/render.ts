import type { Fields, TextView } from '../../defender/present.js';
import type { EvidenceGroups } from './evidence-schema.js';
import type { AlertSummary, IncidentSummary } from './records.js';

/** Text lines shared by the incident and alert tools (values are fenced by TextView). */

export const incidentLine = (i: IncidentSummary): Fields => ({
  id: i.id,
  severity: i.severity,
  status: i.status,
  title: i.title,
  owner: i.owner,
  classification: i.classification,
  alerts: i.alertCount,
  created: i.created,
});

export const alertLine = (a: AlertSummary): Fields => ({
  id: a.id,
  severity: a.severity,
  status: a.status,
  title: a.title,
  source: a.serviceSource,
  incident: a.incidentId,
  mitre: a.mitreTechniques,
  created: a.created,
});

const omitAlertIds = <T extends { alertIds: string[] }>({ alertIds, ...rest }: T) => ({
  ...rest,
  alerts: alertIds,
});

/** Each non-empty evidence group as one fenced list; our heading line says what it is. */
export function renderEvidence(view: TextView, evidence: EvidenceGroups): void {
  const groups: [string, Fields[]][] = [
    [
      'devices',
      evidence.devices.map(({ ipAddresses, loggedOnUsers, ...d }) =>
        omitAlertIds({ ...d, ips: ipAddresses, users: loggedOnUsers }),
      ),
    ],
    ['users', evidence.users.map(omitAlertIds)],
    ['ips', evidence.ips.map(omitAlertIds)],
    ['files', evidence.files.map(({ size, ...f }) => omitAlertIds({ ...f, bytes: size }))],
    [
      'processes',
      evidence.processes.map(({ image, parentImage, ...p }) =>
        omitAlertIds({ ...p, image: image?.name, sha256: image?.sha256, parent: parentImage?.name }),
      ),
    ],
    ['urls', evidence.urls.map(omitAlertIds)],
    ['mailboxes', evidence.mailboxes.map(omitAlertIds)],
    ['emails', evidence.emails.map(omitAlertIds)],
    ['registry', evidence.registry.map(omitAlertIds)],
  ];
  for (const [label, items] of groups) {
    if (items.length === 0) continue;
    view.say(`Evidence: ${label} (${items.length}):`).list(label, items, '');
  }
  if (evidence.other.length > 0) {
    view.say('Other evidence, counted:').list('evidence-kinds', evidence.other, '');
  }
}
