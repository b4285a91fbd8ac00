import type { NextStep } from '../../kernel/index.js';
import type { RelatedAlerts } from './alert-scan.js';
import { TextReport } from './render.js';

type Outcome<V> =
  | { tenant: string; ok: true; value: V }
  | { tenant: string; ok: false; error: { code: string; message: string; retryAfter?: number | undefined } };

/** Text for an indicator looked up in one or more tenants: each tenant's view, or its error, in place. */
export function renderIndicator(
  what: string,
  results: readonly Outcome<Record<string, unknown> & { relatedAlerts: RelatedAlerts }>[],
  steps: readonly NextStep[],
): string {
  const report = new TextReport();
  report.line(`${what}: ${results.length} tenant(s).`);
  for (const r of results) {
    if (!r.ok) {
      report.line(
        `Tenant "${r.tenant}": ${r.error.code}: ${r.error.message}${r.error.retryAfter !== undefined ? ` (retry after ${r.error.retryAfter} s)` : ''}`,
      );
      continue;
    }
    const { relatedAlerts: ra, ...rest } = r.value;
    report.line(
      `Tenant "${r.tenant}": ${ra.items.length} related alert(s) shown; scanned the newest ${ra.scanned} alerts${ra.scanCapped ? ' (older alerts not scanned)' : ''}.`,
    );
    report.data(`tenant-${r.tenant}`, { ...rest, relatedAlerts: ra.items, relatedAlertsError: ra.error });
  }
  return report.nextSteps(steps).toString();
}
