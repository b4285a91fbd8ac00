import { MachineId, ObjectId, UserPrincipalName } from '../../defender/ids.js';
import type { NextStep } from '../../kernel/index.js';
import type { EvidenceGroups } from './evidence-schema.js';

/**
 * The calls that usually follow reading an incident or an alert: enrich what it names, hunt for
 * it elsewhere, then act. Arguments are only ids in the shape the next tool takes; reasons are our
 * words (never upstream text). Callers keep only enabled tools (`nextSteps`), so a read-only
 * deployment never hears of a write tool.
 */

const MAX_PER_KIND = 5;

/** A KQL string literal: backslash and quote escaped (only printable ASCII reaches here). */
const kql = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const PRINTABLE = /^[\x20-\x7e]{1,1000}$/;

/** A query that finds a process elsewhere: by exact command line when it is plain text, else by image hash. */
export function processHunt(p: EvidenceGroups['processes'][number]): string | undefined {
  const where =
    p.commandLine && PRINTABLE.test(p.commandLine)
      ? `ProcessCommandLine == ${kql(p.commandLine)}`
      : p.image?.sha256 && /^[0-9a-f]{64}$/i.test(p.image.sha256)
        ? `SHA256 == ${kql(p.image.sha256)}`
        : undefined;
  if (!where) return undefined;
  return [
    'DeviceProcessEvents',
    '| where Timestamp > ago(30d)',
    `| where ${where}`,
    '| project Timestamp, DeviceId, DeviceName, AccountName, FileName, ProcessCommandLine',
    '| top 100 by Timestamp desc',
  ].join('\n');
}

export function evidenceSteps(evidence: EvidenceGroups, tenant: string): NextStep[] {
  const steps: NextStep[] = [];
  const devices = evidence.devices.filter((d) => MachineId.safeParse(d.mdeDeviceId).success);
  for (const d of devices.slice(0, MAX_PER_KIND)) {
    steps.push({
      tool: 'enrich_device',
      why: 'Device health, exposure, logged-on users, recent actions: is it isolated?',
      args: { machineId: d.mdeDeviceId, tenant },
    });
  }
  for (const u of evidence.users.slice(0, MAX_PER_KIND)) {
    const args = UserPrincipalName.safeParse(u.upn).success
      ? { upn: u.upn, tenant }
      : ObjectId.safeParse(u.objectId).success
        ? { objectId: u.objectId, tenant }
        : undefined;
    if (args) steps.push({ tool: 'enrich_user', why: 'Account state, sign-in risk, recent sign-ins.', args });
  }
  // The process Defender is surest about is the one worth hunting for first.
  const rank = (verdict: string | undefined) => ['malicious', 'suspicious'].indexOf(verdict ?? '') >>> 0; // unknown last
  const byVerdict = [...evidence.processes].sort((a, b) => rank(a.verdict) - rank(b.verdict));
  const hunt = byVerdict.map(processHunt).find((q) => q !== undefined);
  if (hunt) {
    steps.push({
      tool: 'run_hunting_query',
      why: 'Find the same process on other devices in the last 30 days (tenant "*" searches every tenant).',
      args: { query: hunt, tenant },
    });
  }
  const implicated = devices.filter((x) => x.verdict === 'malicious' || x.verdict === 'suspicious');
  for (const d of implicated.slice(0, MAX_PER_KIND)) {
    steps.push({
      tool: 'isolate_device',
      why: 'Contain the device if the evidence shows an active compromise (needs human approval).',
      args: { machineId: d.mdeDeviceId, tenant },
    });
  }
  return steps;
}

const SEVERITY_ORDER = ['high', 'medium', 'low', 'informational'];
const severityRank = (severity: string | null | undefined) => SEVERITY_ORDER.indexOf(severity ?? '') >>> 0;

/** The `count` most severe records (stable, so newest first within a severity): what to open first. */
export function mostSevere<T extends { severity?: string | null | undefined }>(
  records: readonly T[],
  count = 3,
): T[] {
  return [...records].sort((a, b) => severityRank(a.severity) - severityRank(b.severity)).slice(0, count);
}

export const alertStep = (alertId: string, tenant: string): NextStep => ({
  tool: 'get_alert',
  why: 'One alert in full: its own evidence and MITRE techniques.',
  args: { alertId, tenant },
});

export const incidentStep = (incidentId: string, tenant: string): NextStep => ({
  tool: 'get_incident',
  why: 'The whole incident: alerts, evidence by kind, comments, tags.',
  args: { incidentId, tenant },
});

/** Triage writes: suggested only where the deployment enables them (maxTier write). */
export const triageSteps = (kind: 'incident' | 'alert', id: string, tenant: string): NextStep[] => {
  const idArg = { [kind === 'incident' ? 'incidentId' : 'alertId']: id, tenant };
  return [
    {
      tool: kind === 'incident' ? 'update_incident' : 'update_alert',
      why: `Assign, classify or resolve the ${kind} once the investigation is done (preview first).`,
      args: idArg,
    },
    {
      tool: `add_${kind}_comment`,
      why: `Leave a note on the ${kind} for the other analysts (preview first).`,
      args: idArg,
    },
  ];
};

/** Several incidents of one listing at once, e.g. to close a batch of false positives. */
export const bulkTriageStep = (incidentIds: readonly string[], tenant: string): NextStep => ({
  tool: 'update_incidents',
  why: 'Triage several of these at once (e.g. resolve false positives): one preview lists every incident.',
  args: { incidentIds: [...incidentIds], tenant },
});

/** The same list, one page older, for each tenant that has more: the filters as given, plus its cursor. */
export function nextPageSteps(
  tool: string,
  input: Readonly<Record<string, unknown>>,
  results: readonly { tenant: string; ok: boolean; nextCursor?: string | undefined }[],
): NextStep[] {
  const { cursor: _, tenant: __, ...filters } = input;
  const given = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  return results.flatMap((r) =>
    r.ok && r.nextCursor
      ? [
          {
            tool,
            why: 'The next, older page with the same filters.',
            args: { ...given, cursor: r.nextCursor, tenant: r.tenant },
          },
        ]
      : [],
  );
}
