import { describe, expect, it } from 'vitest';
import { rows } from './fixtures.js';

/** Forms found in public hunting queries that the engine once refused; each checked against the fixture rows. */
describe('forms public hunts use', () => {
  it('a repeated let name: the later binding wins (KS201 tolerated)', async () => {
    expect(await rows('let n = 1;\nlet n = 2;\nprint v = n')).toEqual([{ v: 2 }]);
  });

  it('a name inside bin() names the summarize column', async () => {
    const out = await rows(
      'DeviceProcessEvents | summarize c = count() by bin(5Minutebin = Timestamp, 1d) | project 5Minutebin, c',
    );
    expect(Object.keys(out[0] ?? {})).toEqual(['5Minutebin', 'c']);
    expect(out.reduce((n, r) => n + (r.c as number), 0)).toBe((await rows('DeviceProcessEvents')).length);
  });

  it('search Column:"term" keeps rows whose column has the term, and only those', async () => {
    const all = await rows('DeviceProcessEvents');
    const hits = await rows('search in (DeviceProcessEvents) FileName:"powershell" | project FileName');
    const expected = all.filter((r) => /(^|[^a-z0-9_])powershell([^a-z0-9_]|$)/i.test(String(r.FileName)));
    expect(hits.length).toBe(expected.length);
    expect(hits.length).toBeGreaterThan(0);
  });

  it('toscalar of a scalar, notempty, adjacent strings inside dynamic([...])', async () => {
    expect(
      await rows(
        'let a = dynamic(["x" "y", "z"]);\nprint n = toscalar(array_length(a)), f0 = tostring(a[0]), e = notempty(""), f = notempty("q")',
      ),
    ).toEqual([{ n: 2, f0: 'xy', e: false, f: true }]);
  });
});
