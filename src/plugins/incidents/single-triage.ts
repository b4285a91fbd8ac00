import { z } from 'zod';
import { TextView } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { type Preview, stalePreviewError, type ToolContext } from '../../kernel/index.js';
import {
  applyOne,
  changeLines,
  FieldChangeSchema,
  labelOf,
  planOne,
  summaryOf,
  type TriageAsk,
  type TriageKind,
  TriageStateSchema,
  triageStateOut,
} from './triage.js';
import { nothingToChange } from './triage-plan.js';

/** update_incident and update_alert: one record, refused outright when its preview went stale. */

export const TriageResultSchema = {
  tenant: z.string().describe('Our tenant key.'),
  changes: z.array(FieldChangeSchema).describe('Each field that changed, from -> to.'),
  commentAdded: z.boolean().describe('Whether a comment was added.'),
  now: TriageStateSchema.describe('The record after the write, as Microsoft answered.'),
};
type TriageResult = z.output<z.ZodObject<typeof TriageResultSchema>>;

/** A no-op is refused as such; otherwise each field from -> to, bound to the record's version. */
export async function previewSingle<R>(
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  ask: TriageAsk,
  ctx: ToolContext,
): Promise<Preview> {
  const planned = await planOne(kind, tenant, id, ask, ctx.signal);
  if (!planned.writes) throw nothingToChange(planned.label, planned.plan);
  return {
    summary: summaryOf(planned, tenant.key, ask.comment),
    changes: changeLines(planned, ask.comment),
    ...(planned.plan.warnings.length > 0 ? { warnings: planned.plan.warnings } : {}),
    basis: { targets: { [planned.label]: planned.basis } },
  };
}

/** Re-reads, refuses (stale_preview) if the record moved since the confirmed preview, then writes. */
export async function applySingle<R>(
  tool: string,
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  ask: TriageAsk,
  ctx: ToolContext,
): Promise<TriageResult> {
  const previewed = ctx.confirmed?.targets[labelOf(kind as TriageKind<unknown>, id)];
  const applied = await applyOne(kind, tenant, id, ask, previewed, ctx.signal);
  if (applied.outcome === 'stale') throw stalePreviewError(tool, [applied.stale]);
  return {
    tenant: tenant.key,
    changes: applied.changes,
    commentAdded: applied.commentAdded,
    now: triageStateOut(kind, applied.record),
  };
}

/** What changed, then the record as it is now (fenced: owner and tags are free text). */
export function triageText(heading: string, output: TriageResult): string {
  const done = `${output.changes.length} field(s) changed${output.commentAdded ? ', comment added' : ''}`;
  const view = new TextView(`${heading}: ${done}.`);
  view.list(
    'changes',
    output.changes.map((c) => ({ field: c.field, from: JSON.stringify(c.from), to: JSON.stringify(c.to) })),
    'No field changed.',
  );
  view.record('now', output.now);
  return view.toString();
}
