import { TextView } from '../../defender/present.js';
import type { EnrichUserOutput } from './enrich-user.js';
import { counted, showRelatedAlerts } from './text.js';

export function renderUser(o: EnrichUserOutput): string {
  const enabled = o.accountEnabled === null ? 'unknown' : o.accountEnabled ? 'yes' : 'no';
  const view = new TextView(`User ${o.profile.objectId} in tenant "${o.tenant}".`);
  view.say(`Account enabled: ${enabled}.`).record('profile', o.profile);
  const ia = o.identityAccount;
  if (ia.error) view.say(`Defender for Identity account: could not be read (${ia.error.message})`);
  else if (ia.known) view.record('identity-account', { isEnabled: ia.isEnabled, providers: ia.providers });
  const { error: riskError, known, ...risk } = o.risk;
  if (riskError) view.say(`Identity Protection risk: could not be read (${riskError.message})`);
  else if (!known) view.say('Identity Protection risk: no record (never flagged).');
  else view.record('risk', risk);

  const si = o.signIns;
  if (si.error) view.say(`Sign-ins: could not be read (${si.error.message})`);
  else {
    view.say(
      `Sign-ins: ${si.count} read${si.truncated ? ' (older ones not read)' : ''}, ${si.failures} failed.`,
    );
    view.record('sign-ins', {
      newest: si.newest,
      oldest: si.oldest,
      locations: counted(si.locations),
      ipAddresses: counted(si.ipAddresses),
      apps: counted(si.apps),
    });
    if (si.lastSuccess) view.record('last-success', si.lastSuccess);
    if (si.lastFailure) view.record('last-failure', si.lastFailure);
  }
  showRelatedAlerts(view, o.relatedAlerts);
  return view.next(o.nextSteps).toString();
}
