import { TextView } from '../../defender/present.js';
import type { EnrichIpOutput } from './enrich-ip.js';
import { showRelatedAlerts, showSection } from './text.js';

export function renderIp(o: EnrichIpOutput): string {
  const view = new TextView(`IP address ${o.ip}: ${o.results.length} tenant(s).`);
  view.tenants(o.results, (r) => {
    view.say(`Tenant "${r.tenant}":`).record('ip-stats', r.stats);
    showSection(view, 'devices-with-this-last-ip', r.devices);
    showRelatedAlerts(view, r.relatedAlerts);
  });
  return view.next(o.nextSteps).toString();
}
