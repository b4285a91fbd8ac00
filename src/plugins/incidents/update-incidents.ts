import { z } from 'zod';
import { fanOut, type TenantOutcome } from '../../defender/fanout.js';
import { GraphClient } from '../../defender/graph.js';
import { IncidentId, OneTenantArg } from '../../defender/ids.js';
import { TextView } from '../../defender/present.js';
import type { Incident } from '../../defender/schemas/graph.js';
import { Tenants } from '../../defender/tenants.js';
import {
  describeStale,
  inject,
  type Preview,
  TOOL_ERROR_CODES,
  Tool,
  type ToolContext,
  ToolError,
  type WriteTool,
} from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import {
  applyOne,
  changeLines,
  FieldChangeSchema,
  incidentKind,
  type Planned,
  planOne,
  TriageStateSchema,
  triageStateOut,
} from './triage.js';
import { askOf, incidentChangeFields } from './triage-input.js';
import { unchangedSentence } from './triage-plan.js';

export const BULK_MAX = 50;
/** Incidents read or written at once: a bulk change must not eat the tenant's whole Graph budget. */
const CONCURRENCY = 4;

const Input = z.object({
  incidentIds: z
    .array(IncidentId)
    .min(1)
    .max(BULK_MAX)
    .refine((ids) => new Set(ids).size === ids.length, 'each incident id once')
    .describe(`The incidents to change, 1 to ${BULK_MAX}, each once (ids from list_incidents).`),
  ...incidentChangeFields,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Outcome = z.enum(['updated', 'unchanged', 'stale', 'notFound', 'failed', 'skipped']);

const Output = z.object({
  tenant: z.string().describe('Our tenant key.'),
  results: z
    .array(
      z.object({
        incidentId: z.string().describe('The incident.'),
        outcome: Outcome.describe(
          'updated; unchanged (already so); stale (changed by someone else since the preview: not written); ' +
            'notFound; failed (see error); skipped (nothing to do at preview).',
        ),
        changes: z.array(FieldChangeSchema).optional().describe('What changed, from -> to.'),
        commentAdded: z.boolean().optional().describe('Whether the comment was added.'),
        now: TriageStateSchema.optional().describe('The incident after the write.'),
        reason: z.string().optional().describe('Why it was not written (stale, skipped).'),
        error: z
          .object({ code: z.enum(TOOL_ERROR_CODES), message: z.string() })
          .optional()
          .describe('Why it failed.'),
      }),
    )
    .describe('One entry per incident, in the order given.'),
  counts: z.record(Outcome, z.number().int()).describe('How many incidents ended with each outcome.'),
});
type Output = z.output<typeof Output>;
type Result = Output['results'][number];

const ids = (list: readonly string[]) => list.map((key) => ({ key }));

@Tool({
  name: 'update_incidents',
  title: 'Update incidents (bulk)',
  description:
    `The same triage change on up to ${BULK_MAX} Defender XDR incidents under one confirmation, e.g. close a ` +
    'batch of false positives: status, owner, classification with determination, tags to add or remove, an ' +
    'optional comment on each. The preview lists every incident with its own from -> to; confirm with the token. ' +
    'Each incident then gets its own result: one failure does not stop the rest, and an incident someone else ' +
    'changed since the preview is skipped and reported (stale), never overwritten.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: true,
})
export class UpdateIncidents implements WriteTool<Input, Output> {
  private readonly kind;

  constructor(
    @inject(GraphClient) graph: GraphClient,
    @inject(Tenants) private readonly tenants: Tenants,
  ) {
    this.kind = incidentKind(graph);
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    const ask = askOf(input);
    const read = await fanOut(
      ids(input.incidentIds),
      (item, signal) => planOne(this.kind, tenant, item.key, ask, signal),
      { concurrency: CONCURRENCY, signal: ctx.signal },
    );
    const writing = read.flatMap((r) => (r.ok && r.value.writes ? [r.value] : []));
    const idle = read.flatMap((r) => (r.ok && !r.value.writes ? [r.value] : []));
    const failed = read.filter((r): r is Extract<TenantOutcome<Planned<Incident>>, { ok: false }> => !r.ok);
    const onlyError = failed.length === read.length ? failed[0] : undefined;
    if (onlyError) throw new ToolError(onlyError.error.code, onlyError.error.message);
    if (writing.length === 0) {
      throw new ToolError(
        'validation_error',
        `Nothing to change on any of the ${input.incidentIds.length} incidents. Nothing was changed.`,
        { hint: 'Ask for values the incidents do not have yet.', details: { reason: 'no_change' } },
      );
    }
    const warnings = [
      ...writing.flatMap((p) => p.plan.warnings),
      ...failed.map((f) => `incident ${f.tenant}: ${f.error.message} It will be skipped.`),
    ];
    const unchanged = idle.map((p) => `${p.label}:${unchangedSentence(p.plan) || ' nothing to do.'}`);
    return {
      summary:
        `Change ${writing.length} of ${input.incidentIds.length} incidents in tenant "${tenant.key}".` +
        (unchanged.length > 0 ? ` Already so, left alone: ${unchanged.join(' ')}` : ''),
      changes: writing.flatMap((p) => changeLines(p, ask.comment)),
      ...(warnings.length > 0 ? { warnings } : {}),
      basis: { targets: Object.fromEntries(writing.map((p) => [p.label, p.basis])), onStale: 'skip' },
    };
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    const ask = askOf(input);
    const previewed = ctx.confirmed?.targets ?? {};
    const outcomes = await fanOut(
      ids(input.incidentIds),
      async (item, signal): Promise<Result> => {
        const label = `incident ${item.key}`;
        if (previewed[label] === undefined) {
          return {
            incidentId: item.key,
            outcome: 'skipped',
            reason: 'Nothing to do for it at preview time.',
          };
        }
        const applied = await applyOne(this.kind, tenant, item.key, ask, previewed[label], signal);
        if (applied.outcome === 'stale') {
          return { incidentId: item.key, outcome: 'stale', reason: `${describeStale(applied.stale)}.` };
        }
        const { outcome, changes, commentAdded, record } = applied;
        return {
          incidentId: item.key,
          outcome,
          changes,
          commentAdded,
          now: triageStateOut(this.kind, record),
        };
      },
      {
        concurrency: CONCURRENCY,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done, total),
      },
    );
    const results = outcomes.map((o): Result => {
      if (o.ok) return o.value;
      const outcome = o.error.code === 'not_found' ? 'notFound' : 'failed';
      return { incidentId: o.tenant, outcome, error: { code: o.error.code, message: o.error.message } };
    });
    const counts = Object.fromEntries(Outcome.options.map((o) => [o, 0])) as Output['counts'];
    for (const r of results) counts[r.outcome] += 1;
    return { tenant: tenant.key, results, counts };
  }

  toText(output: Output): string {
    const tally = Object.entries(output.counts)
      .filter(([, n]) => n > 0)
      .map(([outcome, n]) => `${n} ${outcome}`)
      .join(', ');
    const view = new TextView(`Bulk update in tenant "${output.tenant}": ${tally}.`);
    view.list(
      'results',
      output.results.map((r) => ({
        incident: r.incidentId,
        outcome: r.outcome,
        changes: r.changes
          ?.map((c) => `${c.field} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`)
          .join('; '),
        comment: r.commentAdded ? 'added' : undefined,
        reason: r.reason,
        error: r.error ? `${r.error.code}: ${r.error.message}` : undefined,
      })),
      'No incidents.',
    );
    return view.toString();
  }
}
