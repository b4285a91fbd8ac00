import { emailEvents, PHISH_EVERY } from './background-other.js';
import { type BackgroundContext, rowRngs } from './context.js';
import { type Activity, activityRows } from './hc-activity.js';
import { DEFENDER_PORTAL } from './hc-cloud-defender.js';
import { m365Activities } from './hc-cloud-m365.js';
import { WAVE_ATTACHMENTS, WAVE_MESSAGES, WAVE_URLS } from './hc-email.js';
import { exposureRows } from './hc-exposure.js';
import { DIRECTORY_EVENTS, LOGON_EVENTS, QUERY_EVENTS } from './hc-identity.js';
import { NEW_SIGN_INS } from './hc-signins.js';
import type { RowSource } from './table.js';

/**
 * The hc-* rows (cloud apps, mail, identities, the exposure graph) a table gets after its other rows. They do
 * not grow with the scale: each activity occurs once per recent window, which is what hunts need.
 */
const ACTIVITIES: Readonly<
  Record<string, (context: BackgroundContext, scale: number) => readonly Activity[]>
> = {
  CloudAppEvents: (context, scale) => [
    ...DEFENDER_PORTAL,
    ...m365Activities(emailEvents(context, Math.round(4_000 * scale)), PHISH_EVERY),
  ],
  EmailEvents: () => WAVE_MESSAGES,
  EmailUrlInfo: () => WAVE_URLS,
  EmailAttachmentInfo: () => WAVE_ATTACHMENTS,
  IdentityDirectoryEvents: () => DIRECTORY_EVENTS,
  IdentityLogonEvents: () => LOGON_EVENTS,
  IdentityQueryEvents: () => QUERY_EVENTS,
};

export function hcRows(context: BackgroundContext, table: string, scale: number): RowSource | undefined {
  if (scale <= 0) return undefined;
  if (table === 'ExposureGraphNodes') return exposureRows(context, 'nodes');
  if (table === 'ExposureGraphEdges') return exposureRows(context, 'edges');
  const rngs = rowRngs(context, `${table}:hc`);
  // Only the two most recent occurrences: the sign-in is new against the month before it.
  if (table === 'AADSignInEventsBeta' || table === 'EntraIdSignInEvents')
    return activityRows(context, table, NEW_SIGN_INS, rngs, 2);
  const activities = ACTIVITIES[table];
  if (!activities) return undefined;
  return activityRows(context, table, activities(context, scale), rngs);
}
