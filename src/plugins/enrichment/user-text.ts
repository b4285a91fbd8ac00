import type { EnrichUserOutput } from './enrich-user.js';
import { TextReport } from './render.js';

export function renderUser(o: EnrichUserOutput): string {
  const report = new TextReport();
  const enabled = o.accountEnabled === null ? 'unknown' : o.accountEnabled ? 'yes' : 'no';
  report.line(`User ${o.profile.objectId} in tenant "${o.tenant}". Account enabled: ${enabled}.`);
  report.data('profile', o.profile);
  if (o.risk.error) report.line(`Identity Protection risk: could not be read (${o.risk.error.message})`);
  else if (!o.risk.known) report.line('Identity Protection risk: no record (never flagged).');
  else report.data('risk', o.risk);
  const si = o.signIns;
  if (si.error) report.line(`Sign-ins: could not be read (${si.error.message})`);
  else {
    report.line(
      `Sign-ins: ${si.count} read${si.truncated ? ' (older ones not read)' : ''}, ${si.failures} failed.`,
    );
    report.data('sign-ins', {
      locations: si.locations,
      ipAddresses: si.ipAddresses,
      apps: si.apps,
      lastSuccess: si.lastSuccess,
      lastFailure: si.lastFailure,
    });
  }
  const ra = o.relatedAlerts;
  if (ra.error) report.line(`Related alerts: could not be read (${ra.error.message})`);
  else {
    report.line(
      `Related alerts: ${ra.items.length} shown${ra.truncated ? ', more matched' : ''}; scanned the newest ${ra.scanned} alerts${ra.scanCapped ? ' (older alerts not scanned)' : ' (all alerts)'}.`,
    );
    if (ra.items.length) report.data('alerts', ra.items);
  }
  return report.nextSteps(o.nextSteps).toString();
}
