import { z } from 'zod';
import type { Alert, Incident } from '../../defender/schemas/graph.js';

/** Free text longer than this is cut in summaries (a hostile title can be kilobytes long). */
export const TITLE_MAX = 300;
export const TEXT_MAX = 2000;

/** Cuts by code points (never inside a surrogate pair) and says how much was left out. */
export function clip(text: string | null | undefined, max: number): string | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… [${chars.length - max} more characters]`;
}

/** Graph answers null for unset fields; our outputs leave them out. */
export const opt = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

const text = (what: string) => z.string().optional().describe(what);

export const IncidentSummarySchema = z.object({
  id: z.string().describe('Incident id: pass it to get_incident.'),
  title: text('Incident name (untrusted text).'),
  severity: text('informational, low, medium or high.'),
  status: text('active, inProgress, resolved, redirected or awaitingAction.'),
  owner: text('assignedTo: who owns it, if anyone.'),
  classification: text('falsePositive, truePositive, informationalExpectedActivity or unknown.'),
  determination: text('Why it was classified that way, e.g. malware.'),
  alertCount: z.number().int().describe('Number of alerts in the incident.'),
  created: text('createdDateTime (ISO 8601).'),
  updated: text('lastUpdateDateTime (ISO 8601).'),
  webUrl: text('The incident in the Defender portal.'),
});
export type IncidentSummary = z.output<typeof IncidentSummarySchema>;

export function incidentSummary(incident: Incident): IncidentSummary {
  return {
    id: incident.id,
    title: clip(incident.displayName, TITLE_MAX),
    severity: opt(incident.severity),
    status: opt(incident.status),
    owner: opt(incident.assignedTo),
    classification: opt(incident.classification),
    determination: opt(incident.determination),
    alertCount: incident.alerts?.length ?? 0,
    created: opt(incident.createdDateTime),
    updated: opt(incident.lastUpdateDateTime),
    webUrl: opt(incident.incidentWebUrl),
  };
}

export const AlertSummarySchema = z.object({
  id: z.string().describe('Alert id: pass it to get_alert.'),
  title: text('Alert title (untrusted text).'),
  severity: text('informational, low, medium or high.'),
  status: text('new, inProgress or resolved.'),
  serviceSource: text('Product that raised it, e.g. microsoftDefenderForEndpoint.'),
  detectionSource: text('Detection technology, e.g. antivirus, customDetection.'),
  category: text('Attack category, e.g. CredentialAccess.'),
  incidentId: text('Incident the alert belongs to: pass it to get_incident.'),
  owner: text('assignedTo.'),
  classification: text('Classification, if set.'),
  determination: text('Determination, if set.'),
  mitreTechniques: z.array(z.string()).describe('MITRE ATT&CK technique ids, e.g. T1059.001.'),
  created: text('createdDateTime (ISO 8601).'),
  updated: text('lastUpdateDateTime (ISO 8601).'),
  webUrl: text('The alert in the Defender portal.'),
});
export type AlertSummary = z.output<typeof AlertSummarySchema>;

export function alertSummary(alert: Alert): AlertSummary {
  return {
    id: alert.id,
    title: clip(alert.title, TITLE_MAX),
    severity: opt(alert.severity),
    status: opt(alert.status),
    serviceSource: opt(alert.serviceSource),
    detectionSource: opt(alert.detectionSource),
    category: opt(alert.category),
    incidentId: opt(alert.incidentId),
    owner: opt(alert.assignedTo),
    classification: opt(alert.classification),
    determination: opt(alert.determination),
    mitreTechniques: alert.mitreTechniques ?? [],
    created: opt(alert.createdDateTime),
    updated: opt(alert.lastUpdateDateTime),
    webUrl: opt(alert.alertWebUrl),
  };
}

export const CommentOutSchema = z.object({
  comment: text('Comment text (untrusted).'),
  author: text('Who wrote it.'),
  created: text('When (ISO 8601).'),
});

export function comments(
  list: Incident['comments'] | Alert['comments'],
): z.output<typeof CommentOutSchema>[] {
  return (list ?? []).map((c) => ({
    comment: clip(c.comment, TEXT_MAX),
    author: opt(c.createdByDisplayName) ?? opt(c.createdBy),
    created: opt(c.createdDateTime) ?? opt(c.createdTime),
  }));
}
