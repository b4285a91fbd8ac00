import { TextView } from '../../defender/present.js';
import type { EnrichFileOutput } from './enrich-file.js';
import { showRelatedAlerts } from './text.js';

export function renderFile(o: EnrichFileOutput): string {
  const view = new TextView(`File ${o.hash}: ${o.results.length} tenant(s).`);
  view.tenants(o.results, (r) => {
    const { error: statsError, ...stats } = r.orgStats;
    view.say(`Tenant "${r.tenant}":`).record('file', { ...r.file, names: r.names });
    if (statsError) view.say(`Organisation stats: could not be read (${statsError.message})`);
    else view.record('org-stats', stats);
    showRelatedAlerts(view, r.relatedAlerts);
  });
  return view.next(o.nextSteps).toString();
}
