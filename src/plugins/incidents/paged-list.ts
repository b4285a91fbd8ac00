import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import { type Filter, f } from '../../defender/odata-filter.js';
import type { Paged } from '../../defender/paging.js';
import {
  escapeDeep,
  type Fields,
  forTenants,
  type TenantResult,
  TextView,
  tenantResult,
} from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import type { Tenants } from '../../defender/tenants.js';
import {
  type NextStep,
  NextStepSchema,
  nextSteps,
  type ToolAvailability,
  type ToolContext,
} from '../../kernel/index.js';
import { graphFilter, oneTenantForCursor } from './filters.js';
import { mostSevere, nextPageSteps } from './hints.js';
import { newestFirst } from './listing.js';

/**
 * What list_incidents and list_alerts share: a newest-first, cursor-paged list per tenant asked, the
 * most severe records and the next page as next calls, and the same text view. `key` names the records
 * (`incidents`, `alerts`): the field they sit in and the list their cursors belong to.
 */

type Page<K extends string, S> = Record<K, S[]> & { nextCursor?: string };

/** The output schema: one page per tenant asked, and the next calls. */
export function pagedListOutput<K extends string, S extends z.ZodType>(key: K, summary: S) {
  const page = {
    [key]: z.array(summary).describe('Newest first.'),
    nextCursor: z.string().optional().describe(`Pass as cursor (same filters and tenant) for older ${key}.`),
  } as Record<K, z.ZodArray<S>> & { nextCursor: z.ZodOptional<z.ZodString> };
  return z.object({
    results: z.array(tenantResult(page)).describe('One entry per tenant asked.'),
    next: z.array(NextStepSchema).describe('Useful next calls.'),
  });
}

/** The Graph query for one page: the filters and the page bound, and how many records at most. */
export interface PageQuery {
  filter: Filter | undefined;
  top: number;
  maxItems: number;
}

export interface PagedList<K extends string, T, S> {
  /** The tool's name, for the next-page call. */
  tool: string;
  key: K;
  /** Equality filters and creation-time bounds, as given (undefined: not filtered). */
  equals: Readonly<Record<string, string | undefined>>;
  created: { after?: string | undefined; before?: string | undefined };
  fetch(tenant: TenantDefinition, query: PageQuery, call: CallOptions): Promise<Paged<T>>;
  summary(record: T): S;
  step(id: string, tenant: string): NextStep;
  /** A step acting on several records of one tenant's page at once (kept only when enabled). */
  bulkStep?(ids: readonly string[], tenant: string): NextStep;
}

interface PagedInput {
  readonly [name: string]: unknown;
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly tenant?: string | undefined;
}

type Dated = { id: string; createdDateTime?: string | null | undefined };
type Summary = { id: string; severity?: string | null | undefined };

/** Runs a list tool: one page per tenant, escaped, with the next calls. */
export async function listPages<K extends string, T extends Dated, S extends Summary>(
  deps: { tenants: Tenants; catalog: ToolAvailability },
  input: PagedInput,
  ctx: ToolContext,
  list: PagedList<K, T, S>,
): Promise<{ results: TenantResult<Page<K, S>>[]; next: NextStep[] }> {
  oneTenantForCursor(input.tenant, input.cursor);
  const filter = graphFilter(list.equals, list.created);
  const results = await forTenants(deps.tenants, input.tenant, ctx, async (tenant, call) => {
    const scope = { list: list.key, tenant: tenant.key, filters: { ...list.equals, ...list.created } };
    const page = await newestFirst(scope, input.limit, input.cursor, (bound, count) =>
      list.fetch(tenant, { filter: f.and(filter, bound), top: count, maxItems: count }, call),
    );
    return {
      [list.key]: page.items.map((record) => list.summary(record)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    } as Page<K, S>;
  });
  const shown = results.flatMap((r) => (r.ok ? r[list.key].map((s) => ({ ...s, tenant: r.tenant })) : []));
  const steps: NextStep[] = [
    ...mostSevere(shown).map((s) => list.step(s.id, s.tenant)),
    ...nextPageSteps(list.tool, input, results),
    ...results.flatMap((r) =>
      r.ok && list.bulkStep && r[list.key].length > 1
        ? [
            list.bulkStep(
              r[list.key].map((s) => s.id),
              r.tenant,
            ),
          ]
        : [],
    ),
  ];
  return escapeDeep({ results, next: nextSteps(deps.catalog, steps) });
}

/** The text view of a list tool's output; `one` is the record kind in the singular. */
export function pagedListText<K extends string, S>(
  output: { results: readonly TenantResult<Page<K, S>>[]; next: readonly NextStep[] },
  key: K,
  one: string,
  line: (record: S) => Fields,
): string {
  const view = new TextView(`Defender ${key}, newest first.`);
  view.tenants(output.results, (r) => {
    const more = r.nextCursor ? ' More are available: the next-page call is below.' : '';
    view
      .say(`Tenant "${r.tenant}": ${r[key].length} ${one}(s).${more}`)
      .list(key, r[key].map(line), `No ${key} match these filters.`);
  });
  return view.next(output.next).toString();
}
