import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/emulator/kql/table.js';
import { key, query, RUNS, uRow } from './random-tables.js';

/**
 * The KQL hunters write that the core properties do not cover (legacy aliases, lookup, tuple
 * assignment, hasprefix, adjacent literals, parse_command_line), each against a naive reference
 * over random tables T(k: long or null, s: string, v: long) and U(k: long or null, w: string).
 */

const word = fc.constantFrom('alpha', 'Alphabet', 'beta-gamma', 'x.alpha', 'gamma', '');
const tRow = fc.record({ k: key, s: word, v: fc.integer({ min: -50, max: 50 }) });
const tables = fc.record({ t: fc.array(tRow, { maxLength: 30 }), u: fc.array(uRow, { maxLength: 30 }) });

const sorted = (rows: readonly Row[]) => rows.map((r) => JSON.stringify(r)).sort();
const byKey = (rows: readonly Row[]) => new Map(rows.map((r) => [JSON.stringify(r.k ?? null), r]));

describe("hunters' KQL against a naive reference", () => {
  it('makeset / makelist / count_distinct are make_set / make_list / dcount', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = byKey(
          await query(data, 'T | summarize a = makeset(s), b = makelist(v), c = count_distinct(s) by k'),
        );
        const groups = new Map<string, Row[]>();
        for (const r of data.t)
          groups.set(JSON.stringify(r.k), [...(groups.get(JSON.stringify(r.k)) ?? []), r]);
        expect(got.size).toBe(groups.size);
        for (const [k, rows] of groups) {
          const row = got.get(k) as Row;
          expect(row.a).toEqual([...new Set(rows.map((r) => r.s))]);
          expect(row.b).toEqual(rows.map((r) => r.v));
          expect(row.c).toBe(new Set(rows.map((r) => r.s)).size);
        }
      }),
      RUNS,
    );
  });

  it('(m, w) = arg_max(v, s) by k names the value and the carried column of the max row', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = byKey(await query(data, 'T | summarize (m, w) = arg_max(v, s) by k'));
        for (const r of data.t) {
          const row = got.get(JSON.stringify(r.k)) as Row;
          const max = Math.max(...data.t.filter((x) => x.k === r.k).map((x) => x.v as number));
          expect(row.m).toBe(max);
          const first = data.t.find((x) => x.k === r.k && x.v === max);
          expect(row.w).toBe(first?.s);
        }
      }),
      RUNS,
    );
  });

  it('lookup keeps every left row once per match (leftouter) and only matches (inner)', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.boolean(), async (data, inner) => {
        const kind = inner ? 'inner' : 'leftouter';
        const got = await query(data, `T | lookup kind=${kind} (U) on k`);
        const want: Row[] = [];
        for (const l of data.t) {
          const matches = l.k === null ? [] : data.u.filter((r) => r.k === l.k);
          for (const r of matches) want.push({ ...l, w: r.w });
          if (matches.length === 0 && !inner) want.push({ ...l, w: '' });
        }
        expect(sorted(got)).toEqual(sorted(want));
      }),
      RUNS,
    );
  });

  it('hasprefix / hassuffix match terms by their start / end, case-insensitively', async () => {
    const terms = (s: string) =>
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean);
    await fc.assert(
      fc.asyncProperty(tables, fc.constantFrom('alp', 'ALPHA', 'gam', 'ta', 'ma'), async (data, needle) => {
        const got = await query(data, `T | where s hasprefix "${needle}" or s hassuffix "${needle}"`);
        const n = needle.toLowerCase();
        const want = data.t.filter((r) => terms(r.s as string).some((t) => t.startsWith(n) || t.endsWith(n)));
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('adjacent string literals are one string; notcontains is !contains', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | where s notcontains "al" "ph" | project s');
        expect(got).toEqual(
          data.t.filter((r) => !(r.s as string).toLowerCase().includes('alph')).map((r) => ({ s: r.s })),
        );
      }),
      RUNS,
    );
  });

  it('parse_command_line splits as Windows does: quotes group, backslashes escape quotes', async () => {
    const arg = fc.stringMatching(/^[a-z\\ ]{0,6}$/);
    await fc.assert(
      fc.asyncProperty(fc.array(arg, { minLength: 1, maxLength: 4 }), async (args) => {
        // Quote each argument the way CommandLineToArgvW expects, then parse it back.
        const quote = (a: string) => `"${a.replace(/(\\+)$/, '$1$1')}"`;
        const line = args.map(quote).join(' ');
        const rows = await query(
          { t: [], u: [] },
          `print p = parse_command_line(${JSON.stringify(line).replace(/^"|"$/g, "'")}, "windows")`,
        );
        expect(rows[0]?.p).toEqual(args);
      }),
      RUNS,
    );
  });

  it('top-nested N of s by sum(v) keeps the N keys with the greatest sums, greatest first', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: 1, max: 4 }), async (data, n) => {
        const got = await query(data, `T | top-nested ${n} of s by Total = sum(v)`);
        const sums = new Map<string, number>();
        for (const r of data.t) sums.set(r.s as string, (sums.get(r.s as string) ?? 0) + (r.v as number));
        const totals = [...sums.values()].sort((a, b) => b - a).slice(0, n);
        expect(got.map((r) => r.Total)).toEqual(totals);
        for (const r of got) expect(sums.get(r.s as string)).toBe(r.Total);
      }),
      RUNS,
    );
  });

  it('search with a predicate: bare terms match any text column (has), the rest is a row predicate', async () => {
    const terms = (s: string) =>
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean);
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: -50, max: 50 }), async (data, n) => {
        const got = await query(data, `T | search "alpha" and v > ${n} or "gamma"`);
        const want = data.t.filter((r) => {
          const words = terms(r.s as string);
          return (words.includes('alpha') && (r.v as number) > n) || words.includes('gamma');
        });
        expect(got.map(({ $table: _, ...r }) => r)).toEqual(want);
      }),
      RUNS,
    );
  });
});
