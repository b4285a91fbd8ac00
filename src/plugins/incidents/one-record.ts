import { z } from 'zod';
import { type CallOptions, callOptionsFrom } from '../../defender/api-client.js';
import type { TextView } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import type { Tenants } from '../../defender/tenants.js';
import { type NextStep, NextStepSchema, type ToolContext } from '../../kernel/index.js';
import { orNotFound } from './not-found.js';
import { CommentOutSchema } from './records.js';

/**
 * What get_incident and get_alert share: one record read by id in one tenant, returned with the
 * tenant first and its analyst comments and the next calls last, in structured content and in text.
 */

/** The output schema: `tenant`, then the record's own fields, then `comments` and `next`. */
export function oneRecordOutput<S extends z.ZodRawShape>(shape: S) {
  return z.object({
    tenant: z.string().describe('Our tenant key.'),
    ...shape,
    comments: z.array(CommentOutSchema).describe('Analyst comments, oldest first.'),
    next: z.array(NextStepSchema).describe('Useful next calls.'),
  });
}

/**
 * Reads one record in the one tenant asked (`"*"` is refused); a 404 says which id of which kind was
 * not found in which tenant, and where to find valid ids (`hint`).
 */
export async function readOne<T>(
  tenants: Tenants,
  requested: string | undefined,
  ctx: ToolContext,
  what: { kind: string; id: string; hint: string },
  read: (tenant: TenantDefinition, call: CallOptions) => Promise<T>,
): Promise<{ tenant: TenantDefinition; record: T }> {
  const tenant = tenants.resolveOne(requested, ctx.principal);
  const record = await orNotFound(what.kind, what.id, tenant.key, what.hint, () =>
    read(tenant, callOptionsFrom(ctx)),
  );
  return { tenant, record };
}

/** Ends the text view: the comments, then the next calls. */
export function commentsAndNext(
  view: TextView,
  output: { comments: readonly z.output<typeof CommentOutSchema>[]; next: readonly NextStep[] },
): string {
  view.say(`Comments (${output.comments.length}):`).list('comments', output.comments, 'No comments.');
  return view.next(output.next).toString();
}
