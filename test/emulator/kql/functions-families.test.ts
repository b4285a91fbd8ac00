import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rows } from './fixtures.js';

/**
 * The function families added from Microsoft's KQL function list (calendar, math, IP, arrays,
 * strings, user agents): documented examples, and properties against a naive reference.
 */
async function printed(cases: Record<string, string>): Promise<Record<string, unknown>> {
  const list = Object.entries(cases).map(([name, expr]) => `${name} = ${expr}`);
  const [row] = await rows(`print ${list.join(', ')}`);
  return row ?? {};
}

const RUNS = { numRuns: 25 };
const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('calendar and timespan functions', () => {
  it('format_timespan renders each part like a naive reference', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 99 * 86_400_000 }), async (ms) => {
        const row = await printed({ t: `format_timespan(${ms}ms, 'dd.hh:mm:ss [fff] FFF')` });
        const d = Math.floor(ms / 86_400_000);
        const h = Math.floor(ms / 3_600_000) % 24;
        const m = Math.floor(ms / 60_000) % 60;
        const s = Math.floor(ms / 1000) % 60;
        const f = ms % 1000;
        const F = f === 0 ? '' : pad(f, 3).replace(/0+$/, '');
        expect(row.t).toBe(`${pad(d, 2)}.${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)} [${pad(f, 3)}] ${F}`);
      }),
      RUNS,
    );
  });

  it('endof* is the tick before the next period; offsets move whole periods', async () => {
    expect(
      await printed({
        day: 'endofday(datetime(2024-02-28T10:00:00Z))',
        day1: 'endofday(datetime(2024-02-28T10:00:00Z), 1)',
        week: 'endofweek(datetime(2024-03-06T10:00:00Z))',
        month: 'endofmonth(datetime(2024-02-10))',
        year: 'endofyear(datetime(2023-05-01), -1)',
      }),
    ).toEqual({
      // Datetimes are doubles of milliseconds: at today's dates the last tick reads .99999975 or so.
      day: expect.stringMatching(/^2024-02-28T23:59:59\.99999\d\dZ$/),
      day1: expect.stringMatching(/^2024-02-29T23:59:59\.99999\d\dZ$/),
      week: expect.stringMatching(/^2024-03-09T23:59:59\.99999\d\dZ$/),
      month: expect.stringMatching(/^2024-02-29T23:59:59\.99999\d\dZ$/),
      year: expect.stringMatching(/^2022-12-31T23:59:59\.99999\d\dZ$/),
    });
  });

  it('Unix times, make_datetime, make_timespan, totimespan, week_of_year (Kusto docs examples)', async () => {
    expect(
      await printed({
        s: 'unixtime_seconds_todatetime(1546300800)',
        ms: 'unixtime_milliseconds_todatetime(1546300800000)',
        md: 'make_datetime(2017, 10, 01, 12, 10)',
        bad: 'make_datetime(2017, 2, 30)',
        mt: 'make_timespan(1, 12, 30, 55)',
        tt: 'totimespan("0.00:01:00")',
        tl: 'totimespan("2h")',
        wk: 'week_of_year(datetime(2020-12-31))',
        moy: 'monthofyear(datetime(2015-12-14))',
      }),
    ).toEqual({
      s: '2019-01-01T00:00:00.0000000Z',
      ms: '2019-01-01T00:00:00.0000000Z',
      md: '2017-10-01T12:10:00.0000000Z',
      bad: null,
      mt: '1.12:30:55',
      tt: '00:01:00',
      tl: '02:00:00',
      wk: 53,
      moy: 12,
    });
  });
});

describe('math and number formatting', () => {
  it('format_bytes and tohex follow the Kusto docs examples', async () => {
    expect(
      await printed({
        a: 'format_bytes(564)',
        b: 'format_bytes(10332, 1)',
        c: 'format_bytes(20010332)',
        d: 'format_bytes(20010332, 2)',
        e: 'format_bytes(20010332, 0, "KB")',
        h: 'tohex(256)',
        n: 'tohex(-546)',
        w: 'tohex(48879, 8)',
      }),
    ).toEqual({
      a: '564 Bytes',
      b: '10.1 KB',
      c: '19 MB',
      d: '19.08 MB',
      e: '19541 KB',
      h: '100',
      n: 'fffffffffffffdde',
      w: '0000beef',
    });
  });

  it('pow, log10, sqrt, ceiling, sign agree with a naive reference; rand(n) stays in [0, n)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), async (n) => {
        const row = await printed({
          p: `pow(${n}, 2)`,
          l: `log10(${n})`,
          q: `sqrt(${n})`,
          c: `ceiling(${n} / 7.0)`,
          s: `sign(-${n})`,
          r: `rand(${n})`,
        });
        expect(row).toMatchObject({
          p: n * n,
          l: Math.log10(n),
          q: Math.sqrt(n),
          c: Math.ceil(n / 7),
          s: -1,
        });
        expect(row.r).toBeGreaterThanOrEqual(0);
        expect(row.r).toBeLessThan(n);
      }),
      RUNS,
    );
  });
});

const octet = fc.integer({ min: 0, max: 255 });
const address = fc.tuple(octet, octet, octet, octet);
const asNumber = (a: number[]) => a.reduce((n, o) => n * 256 + o, 0);

describe('IP functions', () => {
  it('ipv4_compare and parse_ipv4 agree with a naive reference over random addresses and prefixes', async () => {
    await fc.assert(
      fc.asyncProperty(address, address, fc.integer({ min: 0, max: 32 }), async (a, b, bits) => {
        const row = await printed({
          c: `ipv4_compare("${a.join('.')}", "${b.join('.')}", ${bits})`,
          p: `parse_ipv4("${a.join('.')}/${bits}")`,
          m: `ipv4_is_match("${a.join('.')}/${bits}", "${b.join('.')}")`,
        });
        const mask = (x: number[]) => Math.floor(asNumber(x) / 2 ** (32 - bits));
        const expected = Math.sign(mask(a) - mask(b));
        expect(row.c).toBe(expected);
        expect(row.m).toBe(expected === 0);
        expect(row.p).toBe(mask(a) * 2 ** (32 - bits));
      }),
      RUNS,
    );
  });

  it('format_ipv4, has_ipv4, ipv6 comparisons and ranges (Kusto docs examples)', async () => {
    expect(
      await printed({
        f: 'format_ipv4("192.168.1.255", 24)',
        fm: 'format_ipv4_mask("192.168.1.255", 24)',
        suffix: 'ipv4_netmask_suffix("192.168.1.1/24")',
        has: 'has_ipv4("log: 10.1.2.3 connected", "10.1.2.3")',
        notTerm: 'has_ipv4("version 10.1.2.3.4", "10.1.2.3")',
        prefix: 'has_ipv4_prefix("from 10.1.2.3", "10.1.")',
        any: 'ipv4_is_in_any_range("10.1.2.3", dynamic(["192.168.0.0/16", "10.0.0.0/8"]))',
        v6: 'ipv6_compare("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995", 127)',
        v6range: 'ipv6_is_in_range("fe80::85d:e82c:9446:7994", "fe80::/10")',
        mapped: 'ipv6_is_match("::ffff:7f00:1", "127.0.0.1")',
      }),
    ).toEqual({
      f: '192.168.1.0',
      fm: '192.168.1.0/24',
      suffix: 24,
      has: true,
      notTerm: false,
      prefix: true,
      any: true,
      v6: 0,
      v6range: true,
      mapped: true,
    });
  });
});

const small = fc.array(fc.integer({ min: -9, max: 9 }), { maxLength: 6 });

describe('dynamic arrays, bags and strings', () => {
  it('array_reverse, array_rotate_left, array_shift_right, array_sum agree with a naive reference', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.integer({ min: -8, max: 8 }), async (a, k) => {
        const lit = `dynamic(${JSON.stringify(a)})`;
        const row = await printed({
          r: `array_reverse(${lit})`,
          rot: `array_rotate_left(${lit}, ${k})`,
          sh: `array_shift_right(${lit}, ${k})`,
          sum: `array_sum(${lit})`,
        });
        const n = a.length;
        const rot = n ? a.map((_, i) => a[(((i + k) % n) + n) % n]) : [];
        const sh = a.map((_, i) => (i - k >= 0 && i - k < n ? a[i - k] : null));
        expect(row).toEqual({ r: [...a].reverse(), rot, sh, sum: a.reduce((s, x) => s + x, 0) });
      }),
      RUNS,
    );
  });

  it('zip, array_split, bag_merge, bag_remove_keys, extract_all, parse_path, translate, strrep', async () => {
    expect(
      await printed({
        zip: 'zip(dynamic([1, 2, 3]), dynamic(["a", "b"]))',
        split: 'array_split(dynamic([1, 2, 3, 4, 5]), dynamic([1, -2]))',
        merge: 'bag_merge(dynamic({"a": 1}), dynamic({"a": 2, "b": 3}))',
        removed: 'bag_remove_keys(dynamic({"a": 1, "b": 2}), dynamic(["a"]))',
        all: 'extract_all(@"(\\d+)", "a 1 b 22")',
        pairs: 'extract_all(@"(\\w)=(\\d)", "a=1, b=2")',
        path: 'parse_path(@"C:\\temp\\file.txt")',
        tr: 'translate("abc", "x", "abcd")',
        rep: 'strrep("ab", 3, "-")',
        sha1: 'hash_sha1("abc")',
        guid: 'toguid("74BE27DE1E4E49D98579FB4E1DC4FE3C")',
        csv: `parse_csv('aaa,"b,""c""",ccc')`,
      }),
    ).toEqual({
      zip: [
        [1, 'a'],
        [2, 'b'],
        [3, null],
      ],
      split: [[1], [2, 3], [4, 5]],
      merge: { a: 1, b: 3 },
      removed: { b: 2 },
      all: ['1', '22'],
      pairs: [
        ['a', '1'],
        ['b', '2'],
      ],
      path: {
        Scheme: '',
        RootPath: 'C:',
        DirectoryPath: 'C:\\temp',
        DirectoryName: 'temp',
        Filename: 'file.txt',
        Extension: 'txt',
        AlternateDataStreamName: '',
      },
      tr: 'xxxd',
      rep: 'ab-ab-ab',
      sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      guid: '74be27de-1e4e-49d9-8579-fb4e1dc4fe3c',
      csv: ['aaa', 'b,"c"', 'ccc'],
    });
  });

  it('parse_user_agent reads browser, OS and device as uap-core names them', async () => {
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36';
    const row = await printed({
      all: `parse_user_agent("${chrome}", dynamic(["browser", "os", "device"]))`,
      air: 'parse_user_agent("Mozilla/5.0 (Windows; U; en-US) AppleWebKit/531.9 (KHTML, like Gecko) AdobeAIR/2.5.1", "browser")',
      unknown: 'parse_user_agent("not an agent", "os")',
    });
    expect(row.all).toEqual({
      Browser: { Family: 'Chrome', MajorVersion: '120', MinorVersion: '0', Patch: '6099' },
      OperatingSystem: { Family: 'Windows', MajorVersion: '10', MinorVersion: '', Patch: '', PatchMinor: '' },
      Device: { Family: 'Other', Brand: '', Model: '' },
    });
    expect(row.air).toEqual({
      Browser: { Family: 'AdobeAIR', MajorVersion: '2', MinorVersion: '5', Patch: '1' },
    });
    expect(row.unknown).toEqual({
      OperatingSystem: { Family: 'Other', MajorVersion: '', MinorVersion: '', Patch: '', PatchMinor: '' },
    });
  });
});

describe('aggregates added', () => {
  it('variancep, stdevif, make_bag_if, take_anyif, and arg_max carrying an expression', async () => {
    const [row] = await rows(
      'datatable(x: long, b: dynamic, id: long) [1, dynamic({"a": 1}), 10, 3, dynamic({"b": 2}), 20, 5, dynamic({"c": 3}), 30]' +
        ' | summarize vp = variancep(x), sd = stdevif(x, x > 1), bag = make_bag_if(b, x < 5), any = take_anyif(id, x == 3),' +
        ' (m, rid) = arg_max(x, tostring(id))',
    );
    expect(row).toEqual({ vp: 8 / 3, sd: Math.SQRT2, bag: { a: 1, b: 2 }, any: 20, m: 5, rid: '30' });
  });

  it('percentiles gives one nearest-rank column per percentile, like percentile (a naive reference)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -99, max: 99 }), { minLength: 1, maxLength: 20 }),
        async (xs) => {
          const [row] = await rows(
            `datatable(x: long) [${xs.join(', ')}] | summarize percentiles(x, 50, 90), p = percentile(x, 90), l = make_list_with_nulls(x), o = binary_all_or(x)`,
          );
          const sorted = [...xs].sort((a, b) => a - b);
          const rank = (p: number) => sorted[Math.max(1, Math.ceil((p / 100) * xs.length)) - 1];
          expect(row).toEqual({
            percentile_x_50: rank(50),
            percentile_x_90: rank(90),
            p: rank(90),
            l: xs,
            o: Number(xs.map(BigInt).reduce((a, b) => a | b)),
          });
        },
      ),
      RUNS,
    );
  });

  it('gettype, bitset_count_ones, binary_not, todecimal', async () => {
    expect(
      await printed({
        s: 'gettype("a")',
        n: 'gettype(1)',
        arr: 'gettype(dynamic([1]))',
        bag: 'gettype(parse_json(\'{"a": 1}\'))',
        ones: 'bitset_count_ones(255)',
        not: 'binary_not(100)',
        dec: 'todecimal("1.5")',
      }),
    ).toEqual({ s: 'string', n: 'long', arr: 'array', bag: 'dictionary', ones: 8, not: -101, dec: 1.5 });
  });
});
