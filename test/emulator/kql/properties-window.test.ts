import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/emulator/kql/table.js';
import { key, query, RUNS, uRow } from './random-tables.js';

/**
 * Window functions, subquery operators, series and evaluate plugins, each against a naive
 * reference over random tables T(k: long or null, s: string, v: long) and U(k, w).
 */

const word = fc.constantFrom('alpha', 'beta', 'gamma', '');
const tRow = fc.record({ k: key, s: word, v: fc.integer({ min: -20, max: 20 }) });
const tables = fc.record({ t: fc.array(tRow, { maxLength: 25 }), u: fc.array(uRow, { maxLength: 10 }) });
const sorted = (rows: readonly Row[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('window functions, partition, mv-apply, make-series and evaluate against a naive reference', () => {
  it('prev / next / row_number see the serialized neighbours, with defaults at the edges', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(
          data,
          'T | serialize | extend p = prev(v), n = next(v, 2, -99), r = row_number() | project v, p, n, r',
        );
        const want = data.t.map((row, i) => ({
          v: row.v,
          p: i > 0 ? data.t[i - 1]?.v : null,
          n: i + 2 < data.t.length ? data.t[i + 2]?.v : -99,
          r: i + 1,
        }));
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('row_cumsum restarts where its predicate holds', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | serialize | extend c = row_cumsum(v, s == "alpha") | project c');
        let acc = 0;
        const want = data.t.map((row, i) => {
          acc = i === 0 || row.s === 'alpha' ? (row.v as number) : acc + (row.v as number);
          return { c: acc };
        });
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('partition by k (top 1 by v) keeps the greatest v of each k', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | partition by k (top 1 by v desc) | project k, v');
        const best = new Map<string, number>();
        for (const r of data.t) {
          const k = JSON.stringify(r.k);
          best.set(k, Math.max(best.get(k) ?? Number.NEGATIVE_INFINITY, r.v as number));
        }
        expect(sorted(got)).toEqual(sorted([...best].map(([k, v]) => ({ k: JSON.parse(k), v }))));
      }),
      RUNS,
    );
  });

  it("mv-apply runs its subquery over each row's elements and keeps the row's columns", async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(
          data,
          'T | extend xs = pack_array(v, v + 1, v * 2) | mv-apply x = xs to typeof(long) on (where x > 0 | summarize m = max(x)) | project v, m',
        );
        const want = data.t.flatMap((r) => {
          const v = r.v as number;
          const positive = [v, v + 1, v * 2].filter((x) => x > 0);
          return [{ v, m: positive.length ? Math.max(...positive) : null }];
        });
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('make-series count() on a long axis fills empty bins with the default', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(
          data,
          'T | make-series n = count() default = 0 on v from -20 to 21 step 7 by s',
        );
        const bins = Math.ceil(41 / 7);
        const want = new Map<string, number[]>();
        for (const r of data.t) {
          const series = want.get(r.s as string) ?? new Array(bins).fill(0);
          series[Math.floor(((r.v as number) + 20) / 7)] += 1;
          want.set(r.s as string, series);
        }
        expect(got.length).toBe(want.size);
        for (const row of got) {
          expect(row.n).toEqual(want.get(row.s as string));
          expect(row.v).toEqual(Array.from({ length: bins }, (_, i) => -20 + 7 * i));
        }
      }),
      RUNS,
    );
  });

  it('evaluate pivot(s, sum(v), k) gives one column per s value with the sum of its rows', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | evaluate pivot(s, sum(v), k)');
        const keys = [...new Set(data.t.map((r) => r.s as string))];
        for (const row of got) {
          for (const s of keys) {
            const rows = data.t.filter((r) => r.k === row.k && r.s === s);
            const want = rows.length ? rows.reduce((a, r) => a + (r.v as number), 0) : null;
            expect(row[s]).toBe(want);
          }
        }
        expect(got.length).toBe(new Set(data.t.map((r) => r.k)).size);
      }),
      RUNS,
    );
  });

  it('evaluate bag_unpack makes a column per key, sorted by name, after the known columns', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(data, 'T | project v, b = bag_pack(s, v) | evaluate bag_unpack(b)');
        const names = [...new Set(data.t.map((r) => r.s as string))].sort();
        expect(got).toEqual(
          data.t.map((r) => ({
            v: r.v,
            ...Object.fromEntries(names.map((n) => [n, n === r.s ? r.v : null])),
          })),
        );
      }),
      RUNS,
    );
  });

  it('ipv4_lookup joins each address to the range that holds it (unmatched kept when asked)', async () => {
    const octet = fc.integer({ min: 0, max: 3 });
    await fc.assert(
      fc.asyncProperty(fc.array(octet, { maxLength: 15 }), fc.boolean(), async (octets, keep) => {
        const ips = octets.map((o) => `10.${o}.1.2`).map((ip) => `"${ip}"`);
        const got = await query(
          { t: [], u: [] },
          `let R = datatable(net:string, name:string)["10.0.0.0/16", "zero", "10.2.0.0/15", "two-three"];
           datatable(ip:string)[${ips.join(', ')}] | evaluate ipv4_lookup(R, ip, net, return_unmatched = ${keep})`,
        );
        const want = octets.flatMap((o) => {
          const ip = `10.${o}.1.2`;
          if (o === 0) return [{ ip, net: '10.0.0.0/16', name: 'zero' }];
          if (o >= 2) return [{ ip, net: '10.2.0.0/15', name: 'two-three' }];
          return keep ? [{ ip, net: '', name: '' }] : [];
        });
        expect(got).toEqual(want);
      }),
      RUNS,
    );
  });

  it('aggregates inside a scalar (iff over count(), tostring(make_set())) and legacy argmax', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (data) => {
        const got = await query(
          data,
          'T | summarize many = iff(count() > 2, "many", "few"), sum2 = sum(v) * 2, (m, w) = argmax(v, s) by k',
        );
        const groups = new Map<string, Row[]>();
        for (const r of data.t)
          groups.set(JSON.stringify(r.k), [...(groups.get(JSON.stringify(r.k)) ?? []), r]);
        expect(got.length).toBe(groups.size);
        for (const row of got) {
          const rows = groups.get(JSON.stringify(row.k)) as Row[];
          const max = Math.max(...rows.map((r) => r.v as number));
          expect(row.many).toBe(rows.length > 2 ? 'many' : 'few');
          expect(row.sum2).toBe(rows.reduce((a, r) => a + (r.v as number), 0) * 2);
          expect(row.m).toBe(max);
          expect(row.w).toBe(rows.find((r) => r.v === max)?.s);
        }
      }),
      RUNS,
    );
  });
});
