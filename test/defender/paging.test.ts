import { describe, expect, it } from 'vitest';
import { checkNextLink, collectPages, type Page } from '../../src/defender/paging.js';

function pages(sizes: number[]): {
  first: () => Promise<Page<number>>;
  next: (l: string) => Promise<Page<number>>;
  calls: string[];
} {
  const calls: string[] = [];
  let counter = 0;
  const pageAt = (i: number): Page<number> => ({
    value: Array.from({ length: sizes[i] ?? 0 }, () => counter++),
    ...(i + 1 < sizes.length ? { '@odata.nextLink': `https://h/v1.0/x?$skiptoken=${i + 1}` } : {}),
  });
  return {
    first: async () => pageAt(0),
    next: async (link) => {
      calls.push(link);
      return pageAt(Number(new URL(link).searchParams.get('$skiptoken')));
    },
    calls,
  };
}

describe('collectPages', () => {
  it('follows nextLink to the end', async () => {
    const p = pages([3, 3, 2]);
    const r = await collectPages(p.first, p.next);
    expect(r).toEqual({ items: [0, 1, 2, 3, 4, 5, 6, 7], truncated: false });
    expect(p.calls).toHaveLength(2);
  });
  it('stops at maxItems and says so', async () => {
    const p = pages([3, 3, 3]);
    const r = await collectPages(p.first, p.next, { maxItems: 5 });
    expect(r).toEqual({ items: [0, 1, 2, 3, 4], truncated: true });
    expect(p.calls).toHaveLength(1);
  });
  it('stops at maxPages and says so', async () => {
    const p = pages([1, 1, 1, 1]);
    expect(await collectPages(p.first, p.next, { maxPages: 2 })).toEqual({ items: [0, 1], truncated: true });
  });
  it('exactly maxItems with no more pages is not truncated', async () => {
    const p = pages([2, 2]);
    expect(await collectPages(p.first, p.next, { maxItems: 4 })).toEqual({
      items: [0, 1, 2, 3],
      truncated: false,
    });
  });
});

describe('checkNextLink (the token must not follow a forged link)', () => {
  const base = 'https://graph.microsoft.com';
  it('accepts same origin under the API root', () => {
    expect(
      checkNextLink('https://graph.microsoft.com/v1.0/security/incidents?$skiptoken=x', base, '/v1.0'),
    ).toBeDefined();
  });
  it.each([
    'https://evil.example/v1.0/security/incidents',
    'http://graph.microsoft.com/v1.0/x',
    'https://graph.microsoft.com:8443/v1.0/x',
    'https://user:pw@graph.microsoft.com/v1.0/x',
    'https://graph.microsoft.com/_emulator/faults',
    'https://graph.microsoft.com.evil.example/v1.0/x',
    '/v1.0/relative',
    'not a url',
  ])('rejects %s', (link) => {
    expect(checkNextLink(link, base, '/v1.0')).toBeUndefined();
  });
});
