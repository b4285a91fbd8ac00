import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import type { GraphClient } from '../../defender/graph.js';
import type { Alert } from '../../defender/schemas/graph.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { AlertRefSchema, graphAlertRef } from './alert-refs.js';
import { SectionErrorSchema, type Settled } from './sections.js';

/**
 * Graph cannot filter alerts by evidence, so "alerts about this user / IP / file" is a scan of the
 * newest alerts with their evidence, bounded by the operator's `alertScanLimit`. The result says
 * how many were scanned and whether older alerts were left unchecked.
 */

type EvidenceItem = Record<string, unknown>;
export type EvidenceMatcher = (evidence: EvidenceItem) => boolean;

const PAGE = 100;
const MACHINE_ID = /^[0-9a-f]{40}$/i;

export interface AlertScan {
  matches: Alert[];
  scanned: number;
  /** True when older alerts exist that were not scanned. */
  capped: boolean;
}

export async function scanAlerts(
  graph: GraphClient,
  tenant: TenantDefinition,
  matches: EvidenceMatcher,
  limit: number,
  call: CallOptions,
): Promise<AlertScan> {
  const { items, truncated } = await graph.listAlerts(
    tenant,
    { top: Math.min(PAGE, limit), maxItems: limit, maxPages: Math.ceil(limit / PAGE) + 1 },
    call,
  );
  const found = items.filter((alert) =>
    (alert.evidence ?? []).some((e) => matches(e as unknown as EvidenceItem)),
  );
  return { matches: found, scanned: items.length, capped: truncated };
}

export const RelatedAlertsSchema = z.object({
  items: z.array(AlertRefSchema),
  truncated: z.boolean().describe('True when more matched than are shown.'),
  scanned: z.number().int().describe('How many of the newest alerts were scanned for matching evidence.'),
  scanCapped: z
    .boolean()
    .describe('True when older alerts exist that were not scanned (the scan stops at alertScanLimit).'),
  error: SectionErrorSchema.optional(),
});
export type RelatedAlerts = z.output<typeof RelatedAlertsSchema>;

export function relatedAlerts(settled: Settled<AlertScan>, limit: number): RelatedAlerts {
  if (!settled.ok)
    return { items: [], truncated: false, scanned: 0, scanCapped: false, error: settled.error };
  const { matches, scanned, capped } = settled.value;
  return {
    items: matches.slice(0, limit).map(graphAlertRef),
    truncated: matches.length > limit,
    scanned,
    scanCapped: capped,
  };
}

/** Defender for Endpoint machine ids and UPNs named by the evidence of these alerts (for hints). */
export function entitiesOf(alerts: readonly Alert[]): { machineIds: string[]; upns: string[] } {
  const machineIds = new Set<string>();
  const upns = new Set<string>();
  for (const alert of alerts) {
    for (const e of (alert.evidence ?? []) as unknown as EvidenceItem[]) {
      if (typeof e.mdeDeviceId === 'string' && MACHINE_ID.test(e.mdeDeviceId)) machineIds.add(e.mdeDeviceId);
      const upn = userAccount(e)?.userPrincipalName;
      if (typeof upn === 'string' && upn) upns.add(upn);
    }
  }
  return { machineIds: [...machineIds], upns: [...upns] };
}

const record = (value: unknown): EvidenceItem | undefined =>
  value !== null && typeof value === 'object' ? (value as EvidenceItem) : undefined;
const userAccount = (e: EvidenceItem) => record(e.userAccount);
const sameText = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/**
 * Evidence naming a user: user, process and mailbox evidence carry a `userAccount`. On-premises
 * detections (Defender for Identity) may name the account only by its SID.
 */
export function namesUser(user: { upn?: string; objectId?: string; sid?: string }): EvidenceMatcher {
  return (e) => {
    const account = userAccount(e);
    if (!account) return false;
    return (
      (user.upn !== undefined && sameText(account.userPrincipalName, user.upn)) ||
      (user.objectId !== undefined && sameText(account.azureAdUserId, user.objectId)) ||
      (user.sid !== undefined && sameText(account.userSid, user.sid))
    );
  };
}

/** Evidence naming an IP: IP evidence, a mail's sender IP, or one of a device's interfaces. */
export function namesIp(ip: string): EvidenceMatcher {
  return (e) =>
    sameText(e.ipAddress, ip) ||
    sameText(e.senderIp, ip) ||
    (Array.isArray(e.ipInterfaces) && e.ipInterfaces.some((a) => sameText(a, ip)));
}

/** Evidence naming a file: file evidence, or a process's image or parent image. */
export function namesFile(hash: string): EvidenceMatcher {
  const field = hash.length === 64 ? 'sha256' : 'sha1';
  return (e) =>
    [e.fileDetails, e.imageFile, e.parentProcessImageFile].some((details) =>
      sameText(record(details)?.[field], hash),
    );
}
