import { z } from 'zod';
import type { GraphClient, TriagePatch } from '../../defender/graph.js';
import { escapeDeep } from '../../defender/present.js';
import type { Alert, Comment, Incident } from '../../defender/schemas/graph.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { type Preview, type StaleTarget, staleTarget, type TargetState } from '../../kernel/index.js';
import { orNotFound } from './not-found.js';
import { opt } from './records.js';
import {
  type FieldMove,
  planTriage,
  type TriagePlan,
  type TriageRequest,
  type TriageState,
  triageBasis,
  unchangedSentence,
} from './triage-plan.js';

/**
 * One triage write on one incident or alert, shared by update_incident, update_incidents and
 * update_alert: read the record, work out the plan, and at execute re-read it, check it against the
 * state the caller confirmed, then PATCH only what differs and add the comment, each sent once.
 */

/** How to read, patch and comment one kind of record. */
export interface TriageKind<R> {
  readonly kind: 'incident' | 'alert';
  readonly hint: string;
  read(tenant: TenantDefinition, id: string, signal: AbortSignal): Promise<R>;
  patch(tenant: TenantDefinition, id: string, patch: TriagePatch, signal: AbortSignal): Promise<R>;
  comment(tenant: TenantDefinition, id: string, text: string, signal: AbortSignal): Promise<Comment[]>;
  state(record: R): TriageState;
  version(record: R): string | null | undefined;
  comments(record: R): readonly Comment[];
}

export function incidentKind(graph: GraphClient): TriageKind<Incident> {
  return {
    kind: 'incident',
    hint: 'Find incident ids with list_incidents.',
    read: (t, id, signal) => graph.getIncident(t, id, {}, { signal }),
    patch: (t, id, patch, signal) => graph.updateIncident(t, id, patch, { signal }),
    comment: (t, id, text, signal) => graph.addIncidentComment(t, id, text, { signal }),
    state: (i) => ({ ...i, customTags: i.customTags ?? [] }),
    version: (i) => i.lastUpdateDateTime,
    comments: (i) => i.comments ?? [],
  };
}

export function alertKind(graph: GraphClient): TriageKind<Alert> {
  return {
    kind: 'alert',
    hint: 'Find alert ids with list_alerts or get_incident.',
    read: (t, id, signal) => graph.getAlert(t, id, { signal }),
    patch: (t, id, patch, signal) => graph.updateAlert(t, id, patch, { signal }),
    comment: (t, id, text, signal) => graph.addAlertComment(t, id, text, { signal }),
    state: (a) => ({ ...a, customTags: undefined }),
    version: (a) => a.lastUpdateDateTime,
    comments: (a) => a.comments ?? [],
  };
}

export const labelOf = (kind: TriageKind<unknown>, id: string) => `${kind.kind} ${id}`;

export interface TriageAsk {
  request: TriageRequest;
  /** A comment added after the fields change. */
  comment?: string | undefined;
}

export interface Planned<R> {
  label: string;
  record: R;
  plan: TriagePlan;
  basis: TargetState;
  /** Whether anything would be written (a field or a comment). */
  writes: boolean;
}

/** Reads the record and works out what the ask would change (a 404 names the id and the tenant). */
export async function planOne<R>(
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  ask: TriageAsk,
  signal: AbortSignal,
): Promise<Planned<R>> {
  const label = labelOf(kind as TriageKind<unknown>, id);
  const record = await orNotFound(kind.kind, id, tenant.key, kind.hint, () => kind.read(tenant, id, signal));
  const state = kind.state(record);
  const plan = planTriage(state, ask.request, label);
  const writes = plan.changes.length > 0 || ask.comment !== undefined;
  return { label, record, plan, basis: triageBasis(kind.version(record), state), writes };
}

/** The preview's change lines for one record: each field `from -> to`, then the comment. */
export function changeLines(planned: Planned<unknown>, comment: string | undefined): Preview['changes'] {
  return [
    ...planned.plan.changes.map((c) => ({ target: planned.label, ...escapeDeep(c) })),
    ...(comment === undefined
      ? []
      : [{ target: planned.label, field: 'comment (added)', to: escapeDeep(comment) }]),
  ];
}

export function summaryOf(planned: Planned<unknown>, tenant: string, comment: string | undefined): string {
  const parts = [
    planned.plan.changes.length > 0 ? `change ${planned.plan.changes.map((c) => c.field).join(', ')}` : '',
    comment === undefined ? '' : 'add a comment',
  ].filter(Boolean);
  return `On ${planned.label} in tenant "${tenant}": ${parts.join(' and ')}.${unchangedSentence(planned.plan)}`;
}

export type Applied<R> =
  | { outcome: 'updated' | 'unchanged'; changes: FieldMove[]; commentAdded: boolean; record: R }
  | { outcome: 'stale'; stale: StaleTarget };

/**
 * At execute: re-reads the record, compares it with what the caller confirmed (`previewed`), and
 * only when it has not moved, PATCHes what differs (tags from the record's own list) and comments.
 */
export async function applyOne<R>(
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  ask: TriageAsk,
  previewed: TargetState | undefined,
  signal: AbortSignal,
): Promise<Applied<R>> {
  const now = await planOne(kind, tenant, id, ask, signal);
  const stale = staleTarget(now.label, previewed, now.basis);
  if (stale !== undefined) return { outcome: 'stale', stale };
  let record = now.record;
  if (Object.keys(now.plan.patch).length > 0) record = await kind.patch(tenant, id, now.plan.patch, signal);
  if (ask.comment !== undefined) await kind.comment(tenant, id, ask.comment, signal);
  const outcome = now.writes ? 'updated' : 'unchanged';
  return { outcome, changes: escapeDeep(now.plan.changes), commentAdded: ask.comment !== undefined, record };
}

/** The triage fields of a record after the write, for the tool's output. */
export const TriageStateSchema = z.object({
  status: z.string().optional().describe('Status after the write.'),
  owner: z.string().optional().describe('assignedTo after the write.'),
  classification: z.string().optional().describe('Classification after the write.'),
  determination: z.string().optional().describe('Determination after the write.'),
  tags: z.array(z.string()).optional().describe('Custom tags after the write (incidents).'),
  updated: z.string().optional().describe('lastUpdateDateTime after the write.'),
});

export function triageStateOut<R>(kind: TriageKind<R>, record: R): z.output<typeof TriageStateSchema> {
  const state = kind.state(record);
  return escapeDeep({
    status: opt(state.status),
    owner: opt(state.assignedTo),
    classification: opt(state.classification),
    determination: opt(state.determination),
    ...(state.customTags ? { tags: [...state.customTags] } : {}),
    updated: opt(kind.version(record)),
  });
}

export const FieldChangeSchema = z.object({
  field: z.string().describe('status, assignedTo, classification, determination or customTags.'),
  from: z.unknown().describe('Value before.'),
  to: z.unknown().describe('Value after.'),
});
