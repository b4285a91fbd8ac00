import type { TriagePatch } from '../../defender/graph.js';
import { escapeDeep } from '../../defender/present.js';
import { type TargetState, ToolError } from '../../kernel/index.js';
import { checkVerdict, sameDetermination } from './verdict.js';

/**
 * What a triage write would change on one incident or alert, worked out from the record as it is:
 * only the fields that differ go into the PATCH, tags are added to and removed from the record's own
 * list (never replaced by accident), and classification with determination are checked as a pair.
 */

/** The triage fields of a record, as Graph has them. */
export interface TriageState {
  status?: string | null | undefined;
  assignedTo?: string | null | undefined;
  classification?: string | null | undefined;
  determination?: string | null | undefined;
  /** Incidents only. */
  customTags?: readonly string[] | undefined;
}

/** What the caller asked for (every field optional; `assignedTo: null` unassigns). */
export interface TriageRequest {
  status?: string | undefined;
  assignedTo?: string | null | undefined;
  classification?: string | undefined;
  determination?: string | undefined;
  addTags?: readonly string[] | undefined;
  removeTags?: readonly string[] | undefined;
}

export interface FieldMove {
  field: string;
  from: unknown;
  to: unknown;
}

export interface TriagePlan {
  /** Only what changes; empty when nothing would. */
  patch: TriagePatch & { customTags?: string[] };
  changes: FieldMove[];
  /** Asked-for fields that already have the asked value. */
  unchanged: { field: string; value: unknown }[];
  warnings: string[];
}

const unset = (value: string | null | undefined) => (value === '' || value === undefined ? null : value);

export function planTriage(current: TriageState, request: TriageRequest, label: string): TriagePlan {
  const plan: TriagePlan = { patch: {}, changes: [], unchanged: [], warnings: [] };
  const consider = (
    field: 'status' | 'assignedTo' | 'classification' | 'determination',
    from: unknown,
    to: unknown,
  ) => {
    if (from === to) plan.unchanged.push({ field, value: to });
    else {
      plan.changes.push({ field, from, to });
      plan.patch[field] = to as never;
    }
  };
  if (request.status !== undefined) consider('status', unset(current.status), request.status);
  if (request.assignedTo !== undefined) consider('assignedTo', unset(current.assignedTo), request.assignedTo);
  let classification = unset(current.classification) ?? 'unknown';
  if (request.classification !== undefined || request.determination !== undefined) {
    const verdict = checkVerdict(current, request);
    classification = verdict.classification;
    if (request.classification !== undefined)
      consider('classification', unset(current.classification) ?? 'unknown', verdict.classification);
    if (request.determination !== undefined)
      consider('determination', sameDetermination(current.determination), verdict.determination);
    // A pair is sent as a pair, so Graph never recalculates one half from a stale other half.
    if (plan.patch.classification !== undefined || plan.patch.determination !== undefined) {
      plan.patch.classification = verdict.classification;
      plan.patch.determination = verdict.determination;
    }
  }
  planTags(plan, current.customTags ?? [], request, label);
  if (request.status === 'resolved' && classification === 'unknown') {
    plan.warnings.push(
      `${label} will be resolved without a classification: its verdict stays unknown. Give classification and ` +
        'determination to record why it was closed.',
    );
  }
  return plan;
}

function planTags(plan: TriagePlan, current: readonly string[], request: TriageRequest, label: string): void {
  const add = request.addTags ?? [];
  const remove = request.removeTags ?? [];
  if (add.length === 0 && remove.length === 0) return;
  const both = add.filter((tag) => remove.includes(tag));
  if (both.length > 0) {
    throw new ToolError(
      'validation_error',
      `A tag cannot be both added and removed: ${both.join(', ')}. Nothing was changed.`,
    );
  }
  for (const tag of remove.filter((t) => !current.includes(t))) {
    plan.warnings.push(`${label} has no tag ${JSON.stringify(tag)}: nothing to remove.`);
  }
  const next = [...current.filter((t) => !remove.includes(t)), ...add.filter((t) => !current.includes(t))];
  const moved = next.length !== current.length || next.some((t, i) => t !== current[i]);
  if (!moved) {
    plan.unchanged.push({ field: 'customTags', value: current });
    return;
  }
  plan.changes.push({ field: 'customTags', from: [...current], to: next });
  // The whole list, built from the record's own: tags nobody named are kept.
  plan.patch.customTags = next;
}

/** What a preview binds the confirmation to: the version, and the fields it showed (escaped). */
export function triageBasis(lastUpdateDateTime: string | null | undefined, state: TriageState): TargetState {
  return {
    version: lastUpdateDateTime ?? '',
    state: escapeDeep({
      status: unset(state.status),
      assignedTo: unset(state.assignedTo),
      classification: unset(state.classification),
      determination: unset(state.determination),
      ...(state.customTags ? { customTags: [...state.customTags] } : {}),
    }),
  };
}

/** "Unchanged: status is already "resolved"." for the preview's summary. */
export function unchangedSentence(plan: TriagePlan): string {
  if (plan.unchanged.length === 0) return '';
  const list = plan.unchanged.map((u) => `${u.field} is already ${JSON.stringify(escapeDeep(u.value))}`);
  return ` Unchanged: ${list.join('; ')}.`;
}

/** A request that changes nothing is refused as such (no token is issued for it). */
export function nothingToChange(what: string, plan: TriagePlan): ToolError {
  return new ToolError(
    'validation_error',
    `Nothing to change on ${what}:${unchangedSentence(plan) || ' no field was given.'} Nothing was changed.`,
    { hint: 'Ask for a value the record does not have yet.', details: { reason: 'no_change' } },
  );
}
