import { describe, expect, it } from 'vitest';
import { NOW, rows, run } from './fixtures.js';

/** One `print` row: each case is `name = expression`, checked against its expected cell. */
async function printed(cases: Record<string, string>): Promise<Record<string, unknown>> {
  const list = Object.entries(cases).map(([name, expr]) => `${name} = ${expr}`);
  const [row] = await rows(`print ${list.join(', ')}`);
  return row ?? {};
}

describe('KQL scalar expressions', () => {
  it('comparisons, case-insensitive equality, logic and null semantics', async () => {
    expect(
      await printed({
        eq: '"Cmd.exe" == "cmd.exe"',
        ieq: '"Cmd.exe" =~ "cmd.exe"',
        ine: '"Cmd.exe" !~ "cmd.exe"',
        lt: '1 < 2',
        ge: 'datetime(2024-01-02) >= datetime(2024-01-01)',
        and_: 'true and not(false)',
        or_: 'false or 1 != 1',
        nullcmp: 'long(null) == long(null)',
        nullne: 'long(null) != 1',
      }),
    ).toEqual({
      eq: false,
      ieq: true,
      ine: false,
      lt: true,
      ge: true,
      and_: true,
      or_: false,
      nullcmp: false,
      nullne: false,
    });
  });

  it('a bool equals the number it stands for (true is 1, false is 0), and no other', async () => {
    expect(
      await printed({
        t1: 'true == 1',
        f0: 'false == 0',
        t2: 'true == 2',
        f1: 'false == 1',
        ne: 'true != 1',
        rev: '0 == false',
      }),
    ).toEqual({ t1: true, f0: true, t2: false, f1: false, ne: false, rev: true });
  });

  it('string operators: has (whole terms), contains, startswith, endswith, their _cs and ! forms, regex', async () => {
    expect(
      await printed({
        has: '"powershell -EncodedCommand x" has "encodedcommand"',
        hasPart: '"powershell -EncodedCommand x" has "encoded"',
        hasDash: '"powershell -enc x" has "-enc"',
        hasInside: '"xenc" has "enc"',
        notHas: '"a b" !has "c"',
        hasCs: '"Abc def" has_cs "abc"',
        contains: '"Invoke-WebRequest" contains "webreq"',
        notContains: '"abc" !contains "B"',
        containsCs: '"abc" contains_cs "B"',
        starts: '"C:\\\\Windows" startswith "c:\\\\win"',
        ends: '"evil.EXE" endswith ".exe"',
        regex: '"10.0.0.1" matches regex @"^10\\.\\d+"',
        inRange: '5 between (1 .. 5)',
        notBetween: '6 !between (1 .. 5)',
        spanBetween: 'datetime(2024-01-01T12:00:00Z) between (datetime(2024-01-01) .. 1d)',
      }),
    ).toEqual({
      has: true,
      hasPart: false,
      hasDash: true,
      hasInside: false,
      notHas: true,
      hasCs: false,
      contains: true,
      notContains: false,
      containsCs: false,
      starts: true,
      ends: true,
      regex: true,
      inRange: true,
      notBetween: true,
      spanBetween: true,
    });
  });

  it('in, !in, in~, has_any, has_all', async () => {
    expect(
      await printed({
        in_: '"a" in ("a", "b")',
        notIn: '"A" !in ("a", "b")',
        inI: '"A" in~ ("a", "b")',
        inDyn: '2 in (dynamic([1, 2]))',
        any: '"net user /add" has_any ("add", "delete")',
        all: '"net user /add" has_all ("net", "delete")',
      }),
    ).toEqual({ in_: true, notIn: true, inI: true, inDyn: true, any: true, all: false });
  });

  it('arithmetic keeps Kusto types: long division truncates, real does not, timespans add to datetimes', async () => {
    const r = await run(
      'print a = 7 / 2, b = 7 / 2.0, c = 7 % 3, d = -(2 * 3) + 1, e = datetime(2024-01-01) + 1d + 2h, f = 1d / 1h',
    );
    expect(r.schema.map((c) => c.type)).toEqual(['Int64', 'Double', 'Int64', 'Int64', 'DateTime', 'Double']);
    expect(r.results).toEqual([{ a: 3, b: 3.5, c: 1, d: -5, e: '2024-01-02T02:00:00.0000000Z', f: 24 }]);
  });

  it('datetimes: ago/now use the request clock; bin, startofday, format_datetime, datetime_diff', async () => {
    expect(
      await printed({
        now_: 'now()',
        ago: 'ago(1d)',
        bin: 'bin(datetime(2024-03-26T09:39:50.7688641Z), 15m)',
        day: 'startofday(datetime(2024-03-26T09:39:50Z))',
        fmt: 'format_datetime(datetime(2024-03-06T09:05:03.123Z), "yyyy-MM-dd HH:mm:ss.fff")',
        days: 'datetime_diff("day", datetime(2024-03-03T01:00:00Z), datetime(2024-03-01T23:00:00Z))',
        months: 'datetime_diff("month", datetime(2024-03-01), datetime(2023-12-31))',
        precise: 'datetime(2024-03-26T09:39:50.7687500Z)',
        span: 'datetime(2024-01-02) - datetime(2024-01-01T00:30:00Z)',
      }),
    ).toEqual({
      now_: new Date(NOW).toISOString().replace('.000Z', '.0000000Z'),
      ago: new Date(NOW - 86_400_000).toISOString().replace('.000Z', '.0000000Z'),
      bin: '2024-03-26T09:30:00.0000000Z',
      day: '2024-03-26T00:00:00.0000000Z',
      fmt: '2024-03-06 09:05:03.123',
      days: 2,
      months: 3,
      precise: '2024-03-26T09:39:50.7687500Z',
      span: '23:30:00',
    });
  });

  it('string functions', async () => {
    expect(
      await printed({
        lower: 'tolower("AbC")',
        upper: 'toupper("AbC")',
        len: 'strlen("hello")',
        cat: 'strcat("a", 1, true)',
        sub: 'substring("hello", 1, 3)',
        subEnd: 'substring("hello", 3)',
        split: 'split("a,b,c", ",")',
        splitAt: 'split("a,b,c", ",", 1)',
        repl: 'replace_string("a-b-c", "-", "+")',
        trim: 'trim(@"\\s+", "  x  ")',
        extract: 'extract(@"id=(\\d+)", 1, "user id=42")',
        extractNone: 'extract(@"id=(\\d+)", 1, "none")',
        extractLong: 'extract(@"id=(\\d+)", 1, "user id=42", typeof(long)) + 1',
      }),
    ).toEqual({
      lower: 'abc',
      upper: 'ABC',
      len: 5,
      cat: 'a1true',
      sub: 'ell',
      subEnd: 'lo',
      split: ['a', 'b', 'c'],
      splitAt: ['b'],
      repl: 'a+b+c',
      trim: 'x',
      extract: '42',
      extractNone: '',
      extractLong: 43,
    });
  });

  it('dynamic: parse_json/todynamic with property and index access, array_length, bag_keys', async () => {
    const r = await rows(
      'DeviceProcessEvents | where ProcessId == 100 | extend j = parse_json(AdditionalFields) | project signed = j.Signed, tag = j.Tags[1], final = j["Tags"][-1], n = array_length(j.Tags), keys = bag_keys(j), absent = j.Nope, s = tostring(j.Tags)',
    );
    expect(r).toEqual([
      { signed: true, tag: 'b', final: 'b', n: 2, keys: ['Signed', 'Tags'], absent: null, s: '["a","b"]' },
    ]);
    expect(await printed({ d: 'todynamic("not json")', n: 'array_length(parse_json("{}"))' })).toEqual({
      d: 'not json',
      n: null,
    });
  });

  it('conversions and null tests', async () => {
    expect(
      await printed({
        s: 'tostring(12)',
        i: 'toint("42")',
        l: 'tolong(2.9)',
        d: 'todouble("1.5")',
        b: 'tobool("true")',
        bad: 'toint("x")',
        e1: 'isempty("")',
        e2: 'isnotempty("a")',
        n1: 'isnull(long(null))',
        n2: 'isnotnull(1)',
        dt: 'tostring(datetime(2024-01-01))',
        parsed: 'todatetime("2024-03-26T09:39:50.123Z")',
        abs_: 'abs(-3)',
        rounded: 'round(2.567, 2)',
      }),
    ).toEqual({
      s: '12',
      i: 42,
      l: 2,
      d: 1.5,
      b: true,
      bad: null,
      e1: true,
      e2: true,
      n1: true,
      n2: true,
      dt: '2024-01-01T00:00:00.0000000Z',
      parsed: '2024-03-26T09:39:50.1230000Z',
      abs_: 3,
      rounded: 2.57,
    });
  });

  it('iff/iif, case, coalesce', async () => {
    expect(
      await printed({
        a: 'iff(1 > 2, "yes", "no")',
        b: 'iif(true, 1, 2)',
        c: 'case(1 > 2, "a", 2 > 1, "b", "c")',
        d: 'case(false, "a", "fallback")',
        e: 'coalesce(long(null), 5, 6)',
        f: 'coalesce("", "x")',
      }),
    ).toEqual({ a: 'no', b: 1, c: 'b', d: 'fallback', e: 5, f: 'x' });
  });

  it('ipv4_is_private and ipv4_is_in_range', async () => {
    expect(
      await printed({
        p1: 'ipv4_is_private("10.1.2.3")',
        p2: 'ipv4_is_private("172.20.0.1")',
        p3: 'ipv4_is_private("8.8.8.8")',
        r1: 'ipv4_is_in_range("192.168.1.9", "192.168.0.0/16")',
        r2: 'ipv4_is_in_range("192.169.1.9", "192.168.0.0/16")',
        r3: 'ipv4_is_in_range("10.0.0.1", "10.0.0.1")',
      }),
    ).toEqual({ p1: true, p2: true, p3: false, r1: true, r2: false, r3: true });
  });

  it('result types map to the hunting API names', async () => {
    const r = await run(
      'print s = "a", i = toint(1), l = 1, d = 1.5, b = true, t = datetime(2024-01-01), o = dynamic({"a":1}), span = 1h, g = guid(74be27de-1e4e-49d9-b579-fe0b331d3642)',
    );
    expect(r.schema.map((c) => c.type)).toEqual([
      'String',
      'Int32',
      'Int64',
      'Double',
      'Boolean',
      'DateTime',
      'Object',
      'TimeSpan',
      'String',
    ]);
    expect(r.results[0]).toMatchObject({
      span: '01:00:00',
      o: { a: 1 },
      g: '74be27de-1e4e-49d9-b579-fe0b331d3642',
    });
  });
});
