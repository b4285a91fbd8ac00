import { z } from 'zod';
import { escapeDeep, TextView } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import type { Preview, ToolContext } from '../../kernel/index.js';
import { orNotFound } from './not-found.js';
import { CommentOutSchema, comments } from './records.js';
import { labelOf, type TriageKind } from './triage.js';

/**
 * add_incident_comment and add_alert_comment: the preview reads the record (it must exist) and shows
 * the text; execute posts it once, exactly as given. Appending is not stale-sensitive (nothing is
 * overwritten), so no basis is bound. Read back, comments are untrusted text like any other.
 */

export const CommentResultSchema = {
  tenant: z.string().describe('Our tenant key.'),
  commentCount: z.number().int().describe('Comments on the record now.'),
  added: CommentOutSchema.describe('The comment as Microsoft stored it.'),
};
type CommentResult = z.output<z.ZodObject<typeof CommentResultSchema>>;

export async function previewComment<R>(
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  text: string,
  ctx: ToolContext,
): Promise<Preview> {
  const label = labelOf(kind as TriageKind<unknown>, id);
  const record = await orNotFound(kind.kind, id, tenant.key, kind.hint, () =>
    kind.read(tenant, id, ctx.signal),
  );
  const existing = kind.comments(record);
  const repeated = existing.at(-1)?.comment === text;
  return {
    summary:
      `Add a comment to ${label} in tenant "${tenant.key}" (it has ${existing.length}). ` +
      'Comments cannot be edited or removed through the API.',
    changes: [{ target: label, field: 'comment (added)', to: escapeDeep(text) }],
    ...(repeated ? { warnings: [`The latest comment on ${label} already has exactly this text.`] } : {}),
  };
}

export async function postComment<R>(
  kind: TriageKind<R>,
  tenant: TenantDefinition,
  id: string,
  text: string,
  ctx: ToolContext,
): Promise<CommentResult> {
  const list = await orNotFound(kind.kind, id, tenant.key, kind.hint, () =>
    kind.comment(tenant, id, text, ctx.signal),
  );
  const shown = escapeDeep(comments(list));
  return { tenant: tenant.key, commentCount: list.length, added: shown.at(-1) ?? {} };
}

export function commentText(heading: string, output: CommentResult): string {
  const view = new TextView(`${heading}: comment added (${output.commentCount} now).`);
  view.record('comment', output.added);
  return view.toString();
}
