import type { World } from '../data/world.js';
import { ODataError } from '../odata/errors.js';
import type { FilterSchema } from '../odata/filter.js';
import { type PagingRules, pageOf, parseListQuery } from '../odata/query.js';
import type { ApiName, EmuRequest, EmuResponse } from '../routing.js';
import { isPlainObject, requestOrigin } from './context.js';
import { errorOf, GRAPH_BAD_REQUEST } from './envelopes.js';

/** Graph security collections: `$top` is the page size (max 1000), `$skip` at most 500 (facts §1.1). */
export function graphPaging(pageSize: number): PagingRules {
  return { maxTop: 1000, maxSkip: 500, pageSize, nextLinkStyle: 'skiptoken', topMeans: 'pageSize' };
}

/** Defender for Endpoint collections: `$top` up to 10,000, pages of 10,000 (facts §2.1). */
export const MDE_PAGING: PagingRules = {
  maxTop: 10_000,
  pageSize: 10_000,
  nextLinkStyle: 'skip',
  topMeans: 'limit',
};

export interface ListSpec<T> {
  api: ApiName;
  schema: FilterSchema<T>;
  rules: PagingRules;
  /** The `@odata.context` of the collection. */
  context: string;
  /** Shapes each record for the response (e.g. `$expand`). */
  render?: (item: T) => unknown;
  /** The answer when nothing matches (MDE machines: 404), instead of an empty page. */
  onEmpty?: () => EmuResponse;
}

/** A filtered, paged collection response, or a 400 in the API's envelope for a bad query. */
export function listResponse<T>(
  world: World,
  req: EmuRequest,
  items: readonly T[],
  spec: ListSpec<T>,
): EmuResponse {
  let page: ReturnType<typeof pageOf<T>>;
  try {
    const query = parseListQuery<T>(req.query, spec.schema, spec.rules);
    page = pageOf(items, query, spec.rules, { origin: requestOrigin(req), path: req.path, query: req.query });
  } catch (e) {
    if (!(e instanceof ODataError)) throw e;
    const code = spec.api === 'graph' ? GRAPH_BAD_REQUEST : 'ODataError';
    return errorOf(world)(spec.api, req, 400, code, e.message);
  }
  if (page.matched === 0 && spec.onEmpty) return spec.onEmpty();
  const rendered = page.value.map((item) => (spec.render ? spec.render(item) : structuredClone(item)));
  const selected = select(req, rendered, spec.schema.typeName);
  if ('error' in selected)
    return errorOf(world)(
      spec.api,
      req,
      400,
      spec.api === 'graph' ? GRAPH_BAD_REQUEST : 'ODataError',
      selected.error,
    );
  const body: Record<string, unknown> = { '@odata.context': spec.context };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.nextLink !== undefined) body['@odata.nextLink'] = page.nextLink;
  body.value = selected.value;
  return { status: 200, body };
}

/** `$select=a,b`: each item keeps those properties (and its `@odata.type`); an unknown name is a 400. */
function select(
  req: EmuRequest,
  items: unknown[],
  typeName: string,
): { value: unknown[] } | { error: string } {
  const text = req.query.get('$select');
  if (text === null) return { value: items };
  const names = text.split(',').map((n) => n.trim());
  const records = items.filter(isPlainObject);
  for (const name of names) {
    if (!/^[A-Za-z_@][\w.@]*$/.test(name)) return { error: `Syntax error in $select near '${name}'.` };
    if (records.length > 0 && !records.some((r) => name in r)) {
      return { error: `Could not find a property named '${name}' on type '${typeName}'.` };
    }
  }
  return {
    value: records.map((r) => {
      const out: Record<string, unknown> = {};
      for (const key of ['@odata.type', ...names]) if (key in r) out[key] = r[key];
      return out;
    }),
  };
}
