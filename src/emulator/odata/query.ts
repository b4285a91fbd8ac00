import { ODataError } from './errors.js';
import { compileFilter, type FilterSchema, type Predicate } from './filter.js';
import { compileOrderBy } from './orderby.js';

/** Paging rules of one API's collection (facts §1.1, §2.1, §2.3). */
export interface PagingRules {
  /** Largest `$top` accepted; more is a 400. */
  maxTop: number;
  /** Largest `$skip` accepted (Graph security: 500); more is a 400. */
  maxSkip?: number;
  /** Page size when `$top` is absent. */
  pageSize: number;
  /** Graph pages with an opaque `$skiptoken`; Defender for Endpoint with `$skip`. */
  nextLinkStyle: 'skiptoken' | 'skip';
  /**
   * Graph treats `$top` as the page size and keeps linking to the rest; Defender for Endpoint
   * treats it as the number of results wanted.
   */
  topMeans: 'pageSize' | 'limit';
}

export interface ListQuery<T> {
  filter?: Predicate<T>;
  order?: (a: T, b: T) => number;
  /** Explicit `$top`, or undefined for "all, in pages". */
  top?: number;
  skip: number;
  count: boolean;
}

export interface Page<T> {
  value: T[];
  /** How many records matched the filter (whether or not `$count` was asked). */
  matched: number;
  count?: number;
  nextLink?: string;
}

function nonNegativeInteger(name: string, raw: string): number {
  if (!/^\d+$/.test(raw.trim()))
    throw new ODataError(
      `Invalid value '${raw}' for query option ${name}: a non-negative integer is required.`,
    );
  return Number(raw.trim());
}

function decodeSkipToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const match = /^offset:(\d{1,9})$/.exec(text);
  if (!match) throw new ODataError('The $skiptoken is not valid.');
  return Number(match[1]);
}

/** Reads `$filter`, `$orderby`, `$top`, `$skip`, `$skiptoken`, `$count`. Throws ODataError on any bad option. */
export function parseListQuery<T>(
  query: URLSearchParams,
  schema: FilterSchema<T>,
  rules: PagingRules,
): ListQuery<T> {
  const filterText = query.get('$filter');
  const orderText = query.get('$orderby');
  const topText = query.get('$top');
  const skipText = query.get('$skip');
  const tokenText = query.get('$skiptoken');
  const countText = query.get('$count');
  const top = topText === null ? undefined : nonNegativeInteger('$top', topText);
  if (top !== undefined && top > rules.maxTop) {
    throw new ODataError(
      `The limit of '${rules.maxTop}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
    );
  }
  let skip = skipText === null ? 0 : nonNegativeInteger('$skip', skipText);
  if (rules.maxSkip !== undefined && skip > rules.maxSkip) {
    throw new ODataError(
      `The limit of '${rules.maxSkip}' for Skip query has been exceeded. The value from the incoming request is '${skip}'.`,
    );
  }
  if (tokenText !== null) skip += decodeSkipToken(tokenText);
  if (countText !== null && countText !== 'true' && countText !== 'false') {
    throw new ODataError(`Invalid value '${countText}' for query option $count: use true or false.`);
  }
  return {
    ...(filterText === null ? {} : { filter: compileFilter<T>(filterText, schema) }),
    ...(orderText === null ? {} : { order: compileOrderBy<T>(orderText, schema) }),
    ...(top === undefined ? {} : { top }),
    skip,
    count: countText === 'true',
  };
}

/** Where the request came from, to build absolute `@odata.nextLink`s that point back at it. */
export interface RequestLocation {
  origin: string;
  path: string;
  query: URLSearchParams;
}

/**
 * One page of `items` (already in API order), with `@odata.count` when asked and an absolute
 * `@odata.nextLink` while more remain.
 */
export function pageOf<T>(
  items: readonly T[],
  q: ListQuery<T>,
  rules: PagingRules,
  at: RequestLocation,
): Page<T> {
  const matched = q.filter ? items.filter(q.filter) : [...items];
  if (q.order) matched.sort(q.order);
  const limitTop = rules.topMeans === 'limit' && q.top !== undefined;
  const end = limitTop ? Math.min(matched.length, q.skip + (q.top as number)) : matched.length;
  const size =
    rules.topMeans === 'pageSize'
      ? (q.top ?? rules.pageSize)
      : Math.min(q.top ?? rules.pageSize, rules.pageSize);
  const value = matched.slice(q.skip, Math.min(end, q.skip + size));
  const page: Page<T> = { value, matched: matched.length };
  if (q.count) page.count = matched.length;
  const next = q.skip + value.length;
  if (value.length > 0 && next < end)
    page.nextLink = nextLink(at, rules, next, limitTop ? end - next : q.top);
  return page;
}

function nextLink(at: RequestLocation, rules: PagingRules, offset: number, top: number | undefined): string {
  const params = new URLSearchParams(at.query);
  params.delete('$skip');
  params.delete('$skiptoken');
  if (top === undefined) params.delete('$top');
  else params.set('$top', String(top));
  if (rules.nextLinkStyle === 'skip') params.set('$skip', String(offset));
  else params.set('$skiptoken', Buffer.from(`offset:${offset}`).toString('base64url'));
  return `${at.origin}${at.path}?${params.toString().replace(/%24/g, '$')}`;
}
