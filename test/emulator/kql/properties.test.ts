import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/emulator/kql/table.js';
import { key, query, RUNS, uRow } from './random-tables.js';

/**
 * Operators whose meaning is easy to state, checked against a naive reference over random tables:
 * T(k: long or null, s: string, v: long) and U(k: long or null, w: string).
 */

const tRow = fc.record({
  k: key,
  s: fc.constantFrom('a', 'b', 'c', ''),
  v: fc.integer({ min: -50, max: 50 }),
});
const tables = fc.record({ t: fc.array(tRow, { maxLength: 40 }), u: fc.array(uRow, { maxLength: 40 }) });

function bag(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

describe('operator properties against a naive reference', () => {
  it('where keeps exactly the rows satisfying the predicate, in order', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: -50, max: 50 }), async (data, n) => {
        const got = await query(data, `T | where v > ${n} or (s == "a" and k < 2)`);
        const want = data.t.filter((r) => r.v > n || (r.s === 'a' && r.k !== null && r.k < 2));
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('take n returns the first min(n, count) rows', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: 0, max: 50 }), async (data, n) => {
        expect(await query(data, `T | take ${n}`)).toEqual(data.t.slice(0, n));
      }),
      RUNS,
    );
  });

  it('order by sorts (nulls first ascending, last descending) and keeps every row', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.boolean(), async (data, asc) => {
        const got = await query(data, `T | order by k ${asc ? 'asc' : 'desc'}`);
        expect(bag(got)).toEqual(bag(data.t));
        const numbers = data.t.map((r) => r.k).filter((k): k is number => k !== null);
        numbers.sort((a, b) => a - b);
        const nulls = data.t.filter((r) => r.k === null).map(() => null);
        expect(got.map((r) => r.k)).toEqual(asc ? [...nulls, ...numbers] : [...numbers.reverse(), ...nulls]);
      }),
      RUNS,
    );
  });

  it('summarize count() by k counts each key once, nulls together', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | summarize c = count() by k');
        const counts = new Map<unknown, number>();
        for (const r of data.t) counts.set(r.k, (counts.get(r.k) ?? 0) + 1);
        expect(bag(got)).toEqual(bag([...counts].map(([k, c]) => ({ k, c }))));
      }),
      RUNS,
    );
  });

  it('distinct returns each (k, s) combination exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | distinct k, s');
        const want = [...new Set(data.t.map((r) => JSON.stringify({ k: r.k, s: r.s })))].map((j) =>
          JSON.parse(j),
        );
        expect(bag(got)).toEqual(bag(want));
      }),
      RUNS,
    );
  });

  it('join kind=inner on k is the nested-loop join over non-null equal keys', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | join kind=inner (U) on k');
        const want = data.t.flatMap((l) =>
          data.u
            .filter((r) => l.k !== null && r.k === l.k)
            .map((r) => ({ k: l.k, s: l.s, v: l.v, k1: r.k, w: r.w })),
        );
        expect(bag(got)).toEqual(bag(want));
      }),
      RUNS,
    );
  });

  it('join kind=leftouter keeps every left row; leftanti is exactly the unmatched ones', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const matches = (l: Row) => data.u.filter((r) => l.k !== null && r.k === l.k);
        const outer = await query(data, 'T | join kind=leftouter (U) on k');
        const wantOuter = data.t.flatMap((l): Row[] => {
          const m = matches(l);
          return m.length > 0
            ? m.map((r) => ({ k: l.k, s: l.s, v: l.v, k1: r.k, w: r.w }))
            : [{ k: l.k, s: l.s, v: l.v, k1: null, w: '' }];
        });
        expect(bag(outer)).toEqual(bag(wantOuter));
        const anti = await query(data, 'T | join kind=leftanti (U) on k');
        expect(anti).toEqual(data.t.filter((l) => matches(l).length === 0));
      }),
      RUNS,
    );
  });
});
