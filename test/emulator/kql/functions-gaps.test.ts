import { describe, expect, it } from 'vitest';
import { rows } from './fixtures.js';

/** pack_all, the hll family and parse kind=regex (Kusto docs examples and exact-count checks). */
const CALLS = `datatable(Source:string, Target:string, CharsCount:long)
['555-1234','555-1212',46, '555-1313','',42, '','555-3456',74]`;

describe('pack_all', () => {
  it('packs every column; pack_all(true) drops null and empty ones (Kusto docs example)', async () => {
    const out = await rows(`${CALLS} | extend Packed = pack_all(), Ignore = pack_all(true)`);
    expect(out.map((r) => r.Packed)).toEqual([
      { Source: '555-1234', Target: '555-1212', CharsCount: 46 },
      { Source: '555-1313', Target: '', CharsCount: 42 },
      { Source: '', Target: '555-3456', CharsCount: 74 },
    ]);
    expect(out.map((r) => r.Ignore)).toEqual([
      { Source: '555-1234', Target: '555-1212', CharsCount: 46 },
      { Source: '555-1313', CharsCount: 42 },
      { Target: '555-3456', CharsCount: 74 },
    ]);
  });

  it('sees the columns of the row it is in: extended ones too, projected-away ones not', async () => {
    const [row] = await rows(
      `print a = 1, b = 'x' | extend c = a + 1 | project-away b | extend p = pack_all()`,
    );
    expect(row?.p).toEqual({ a: 1, c: 2 });
  });
});

describe('hll, hll_merge, dcount_hll', () => {
  const DATA = `datatable(k:string, x:long) ['a',1, 'a',2, 'a',2, 'b',2, 'b',3, 'b',long(null), 'c',4]`;

  it('merging per-group sketches gives the exact distinct count', async () => {
    const out = await rows(
      `${DATA} | summarize hll(x) by k | summarize h = hll_merge(hll_x) | extend n = dcount_hll(h) | project n`,
    );
    expect(out).toEqual([{ n: 4 }]);
  });

  it('per group, hll_if, and the scalar hll_merge agree with dcount', async () => {
    const out = await rows(
      `${DATA} | summarize h = hll(x), hi = hll_if(x, x > 1), d = dcount(x) by k
       | extend n = dcount_hll(h), ni = dcount_hll(hi) | project k, n, ni, d | order by k asc`,
    );
    expect(out).toEqual([
      { k: 'a', n: 2, ni: 1, d: 2 },
      { k: 'b', n: 2, ni: 2, d: 2 },
      { k: 'c', n: 1, ni: 1, d: 1 },
    ]);
    const [row] = await rows(
      `${DATA} | summarize h1 = hll_if(x, k == 'a'), h2 = hll_if(x, k == 'b')
       | extend n = dcount_hll(hll_merge(h1, h2)) | project n`,
    );
    expect(row).toEqual({ n: 3 });
  });
});

describe('parse kind=regex', () => {
  const EVENTS = `datatable(EventText:string) [
    'Lock: resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016',
    'Lock: RESOURCENAME=Other, totalSlices=3, sliceNumber=1, lockTime=x']`;

  it('takes the literals as regexes, with typed columns (Kusto docs pattern)', async () => {
    const out = await rows(
      `${EVENTS} | parse kind=regex EventText with * "resource[Nn]ame=" name ", total(Slices)=" total:long * "(slice|lock)Number=" slice:long ","
       | project name, total, slice`,
    );
    expect(out).toEqual([
      { name: 'PipelineScheduler', total: 27, slice: 23 },
      { name: '', total: null, slice: null },
    ]);
  });

  it('flags=i matches case-insensitively; U makes the lazy columns greedy', async () => {
    const out = await rows(
      `${EVENTS} | parse kind=regex flags=i EventText with * "resourcename=" name "," *
       | parse kind=regex flags=Ui EventText with * "resourcename=" greedy "," * | project name, greedy`,
    );
    expect(out).toEqual([
      { name: 'PipelineScheduler', greedy: 'PipelineScheduler, totalSlices=27, sliceNumber=23' },
      { name: 'Other', greedy: 'Other, totalSlices=3, sliceNumber=1' },
    ]);
  });
});
