import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/emulator/odata/errors.js';
import type { FilterSchema } from '../../../src/emulator/odata/filter.js';
import {
  type ListQuery,
  type Page,
  type PagingRules,
  pageOf,
  parseListQuery,
} from '../../../src/emulator/odata/query.js';

const schema: FilterSchema = { typeName: 't', properties: { n: { kind: 'number' } } };
const items = Array.from({ length: 23 }, (_, i) => ({ n: i }));
const graph: PagingRules = {
  maxTop: 1000,
  maxSkip: 500,
  pageSize: 10,
  nextLinkStyle: 'skiptoken',
  topMeans: 'pageSize',
};
const mde: PagingRules = { maxTop: 10_000, pageSize: 10, nextLinkStyle: 'skip', topMeans: 'limit' };

function walk(rules: PagingRules, search: string) {
  const seen: number[] = [];
  let url: URL | undefined = new URL(`https://127.0.0.1:8443/v1.0/things?${search}`);
  let pages = 0;
  let count: number | undefined;
  while (url && pages < 50) {
    const current: URL = url;
    const q: ListQuery<{ n: number }> = parseListQuery(current.searchParams, schema, rules);
    const page: Page<{ n: number }> = pageOf(items, q, rules, {
      origin: current.origin,
      path: current.pathname,
      query: current.searchParams,
    });
    seen.push(...page.value.map((v) => v.n));
    count ??= page.count;
    url = page.nextLink ? new URL(page.nextLink) : undefined;
    pages++;
  }
  return { seen, pages, count };
}

describe('paging', () => {
  it('walks a Graph collection to the end with $top as page size and skiptoken links', () => {
    const r = walk(graph, '$top=5&$count=true&$filter=n ge 3');
    expect(r.seen).toEqual(items.filter((i) => i.n >= 3).map((i) => i.n));
    expect(r.pages).toBe(4);
    expect(r.count).toBe(20);
  });

  it('pages without $top by the default page size', () => {
    const r = walk(graph, '');
    expect(r.seen).toHaveLength(23);
    expect(r.pages).toBe(3);
  });

  it('treats MDE $top as a limit and links with $skip', () => {
    const r = walk(mde, '$top=15');
    expect(r.seen).toEqual(items.slice(0, 15).map((i) => i.n));
    expect(r.pages).toBe(2);
    const q = parseListQuery(new URLSearchParams('$top=15'), schema, mde);
    const link = pageOf(items, q, mde, {
      origin: 'https://h',
      path: '/api/machines',
      query: new URLSearchParams('$top=15'),
    }).nextLink;
    expect(link).toBe('https://h/api/machines?$top=5&$skip=10');
  });

  it('builds nextLink from the request host and path, keeping the filter', () => {
    const query = new URLSearchParams('$top=2&$filter=n lt 5');
    const q = parseListQuery<{ n: number }>(query, schema, graph);
    const page = pageOf(items, q, graph, {
      origin: 'https://127.0.0.1:9999',
      path: '/beta/security/incidents',
      query,
    });
    const next = new URL(page.nextLink ?? '');
    expect(next.origin).toBe('https://127.0.0.1:9999');
    expect(next.pathname).toBe('/beta/security/incidents');
    expect(next.searchParams.get('$filter')).toBe('n lt 5');
  });

  it.each([
    ['$top=-1', /non-negative integer/],
    ['$top=abc', /non-negative integer/],
    ['$top=1001', /limit of '1000' for Top/],
    ['$skip=501', /limit of '500' for Skip/],
    ['$skiptoken=garbage', /skiptoken/],
    ['$count=yes', /\$count/],
  ])('refuses %s', (search, message) => {
    expect(() => parseListQuery(new URLSearchParams(search), schema, graph)).toThrow(ODataError);
    expect(() => parseListQuery(new URLSearchParams(search), schema, graph)).toThrow(message);
  });

  it('accepts $skip up to the Graph limit', () => {
    expect(parseListQuery(new URLSearchParams('$skip=500'), schema, graph).skip).toBe(500);
  });
});

describe('$orderby', () => {
  const people = [
    { n: 3, name: 'b', when: '2026-01-02T00:00:00Z' },
    { n: 1, name: 'a', when: null },
    { n: 2, name: 'b', when: '2026-01-01T00:00:00Z' },
  ];
  const typed: FilterSchema<(typeof people)[number]> = {
    typeName: 'p',
    properties: {
      n: { kind: 'number' },
      name: { kind: 'string' },
      when: { kind: 'datetime' },
      tags: { kind: 'stringArray' },
    },
  };
  const order = (text: string) => {
    const q = parseListQuery(new URLSearchParams({ $orderby: text }), typed, graph);
    return pageOf(people, q, graph, {
      origin: 'https://h',
      path: '/',
      query: new URLSearchParams(),
    }).value.map((p) => p.n);
  };

  it('sorts ascending by default, descending on request, by several keys, nulls first', () => {
    expect(order('n')).toEqual([1, 2, 3]);
    expect(order('n desc')).toEqual([3, 2, 1]);
    expect(order('name desc, n asc')).toEqual([2, 3, 1]);
    expect(order('when')).toEqual([1, 2, 3]);
  });

  it.each(['nope', 'n sideways', 'tags', ''])('refuses %j', (text) => {
    expect(() => order(text)).toThrow(ODataError);
  });
});
