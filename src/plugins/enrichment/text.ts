import type { Fields, TextView } from '../../defender/present.js';
import type { RelatedAlerts } from './alert-scan.js';
import type { ListSection } from './sections.js';

/** Shared text pieces of the enrichment results (on the shared TextView: upstream values fenced). */

/** A listed section: its items, or why it could not be read (our words: ToolError messages). */
export function showSection<T extends Fields>(
  view: TextView,
  label: string,
  section: ListSection<T> | undefined,
): void {
  if (!section) return;
  if (section.error) {
    view.say(`${label}: could not be read (${section.error.code}: ${section.error.message})`);
    return;
  }
  view.say(`${label}: ${section.items.length} shown${section.truncated ? ', more exist' : ''}.`);
  if (section.items.length > 0) view.list(label, section.items, '');
}

/** Related alerts, with how far the evidence scan reached. */
export function showRelatedAlerts(view: TextView, ra: RelatedAlerts): void {
  if (ra.error) {
    view.say(`Related alerts: could not be read (${ra.error.code}: ${ra.error.message})`);
    return;
  }
  view.say(
    `Related alerts: ${ra.items.length} shown${ra.truncated ? ', more matched' : ''}; scanned the newest ` +
      `${ra.scanned} alerts${ra.scanCapped ? ' (older alerts not scanned)' : ' (all alerts)'}.`,
  );
  if (ra.items.length > 0) view.list('alerts', ra.items, '');
}

/** `value (count)` lines of a distinct-values summary. */
export const counted = (items: readonly { value: string; count: number }[]) =>
  items.map((i) => `${i.value} (${i.count})`);
