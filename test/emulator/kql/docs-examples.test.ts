import { describe, expect, it } from 'vitest';
import { run } from './fixtures.js';

/** Examples from the Kusto documentation (learn.microsoft.com/kusto/query), with the outputs it shows. */
describe('Kusto documentation examples', () => {
  it('scan: cumulative sum, and with a reset condition', async () => {
    const sum = await run(
      'range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = x + s1.cumulative_x;)',
    );
    expect(sum.results.map((r) => r.cumulative_x)).toEqual([1, 3, 6, 10, 15]);
    const reset = await run(
      'range x from 1 to 5 step 1 | scan declare (cumulative_x:long=0) with (step s1: true => cumulative_x = iff(s1.cumulative_x >= 10, x, x + s1.cumulative_x);)',
    );
    expect(reset.results.map((r) => r.cumulative_x)).toEqual([1, 3, 6, 10, 5]);
  });

  it('scan: a start / middle / stop funnel within 5 minutes, each match with its id', async () => {
    const r =
      await run(`datatable (Ts: timespan, Event: string) [0m, "A", 1m, "Start", 2m, "B", 3m, "D", 4m, "Stop", 6m, "C", 8m, "Start", 11m, "E", 12m, "Stop"]
      | sort by Ts asc
      | scan with_match_id=m_id with (
          step s1: Event == "Start";
          step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
          step s3: Event == "Stop" and Ts - s1.Ts <= 5m;
      )`);
    expect(r.results.map((x) => [x.Event, x.m_id])).toEqual([
      ['Start', 0],
      ['B', 0],
      ['D', 0],
      ['Stop', 0],
      ['Start', 1],
      ['E', 1],
      ['Stop', 1],
    ]);
  });

  it('make-series over datetimes, mv-expanded back to rows, and a spike flagged by series_decompose_anomalies', async () => {
    const r = await run(`datatable(T:datetime, n:long)[
        datetime(2024-01-01), 1, datetime(2024-01-02), 1, datetime(2024-01-03), 1, datetime(2024-01-04), 1,
        datetime(2024-01-05), 1, datetime(2024-01-06), 1, datetime(2024-01-07), 1, datetime(2024-01-07), 1,
        datetime(2024-01-07), 1, datetime(2024-01-07), 1, datetime(2024-01-07), 1, datetime(2024-01-07), 1]
      | make-series c = count() on T from datetime(2024-01-01) to datetime(2024-01-09) step 1d
      | extend (flag, score, baseline) = series_decompose_anomalies(c)
      | mv-expand T to typeof(datetime), c to typeof(long), flag to typeof(int)
      | project T, c, flag`);
    expect(r.results.map((x) => x.c)).toEqual([1, 1, 1, 1, 1, 1, 6, 0]);
    expect(r.results[0]?.T).toBe('2024-01-01T00:00:00.0000000Z');
    expect(r.results.filter((x) => x.flag === 1).map((x) => x.T)).toEqual(['2024-01-07T00:00:00.0000000Z']);
  });

  it('range, row_number and prev over a serialized set', async () => {
    const r = await run(
      'range x from 1 to 4 step 1 | serialize | extend rn = row_number(), p = prev(x, 1, 0)',
    );
    expect(r.results).toEqual([
      { x: 1, rn: 1, p: 0 },
      { x: 2, rn: 2, p: 1 },
      { x: 3, rn: 3, p: 2 },
      { x: 4, rn: 4, p: 3 },
    ]);
  });

  it('set functions and jaccard_index', async () => {
    const r = await run(
      'print i = set_intersect(dynamic([1, 2, 3]), dynamic([2, 3, 4])), d = set_difference(dynamic([1, 2, 3]), dynamic([2])), u = set_union(dynamic([1, 2]), dynamic([2, 3])), j = jaccard_index(dynamic([1, 2, 3]), dynamic([1, 2, 3, 4]))',
    );
    expect(r.results).toEqual([{ i: [2, 3], d: [1, 3], u: [1, 2, 3], j: 0.75 }]);
  });
});
