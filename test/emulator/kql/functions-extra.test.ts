import { describe, expect, it } from 'vitest';
import { rows } from './fixtures.js';

async function printed(cases: Record<string, string>): Promise<Record<string, unknown>> {
  const list = Object.entries(cases).map(([name, expr]) => `${name} = ${expr}`);
  const [row] = await rows(`print ${list.join(', ')}`);
  return row ?? {};
}

/** Functions hunters reach for beyond the core list: off-hours logons, decoding, arrays. */
describe('additional KQL functions', () => {
  it('time parts and calendar boundaries (UTC)', async () => {
    const t = 'datetime(2024-03-06T21:05:03Z)'; // a Wednesday
    expect(
      await printed({
        hour: `hourofday(${t})`,
        dom: `dayofmonth(${t})`,
        doy: `dayofyear(${t})`,
        year: `getyear(${t})`,
        month: `getmonth(${t})`,
        dow: `dayofweek(${t})`,
        sow: `startofweek(${t})`,
        som: `startofmonth(${t})`,
        soy: `startofyear(${t})`,
        week: `datetime_part("week_of_year", datetime(2021-01-03))`,
        quarter: `datetime_part("quarter", ${t})`,
        addMonth: 'datetime_add("month", 1, datetime(2024-01-31T10:00:00Z))',
        addHours: `datetime_add("hour", -3, ${t})`,
      }),
    ).toEqual({
      hour: 21,
      dom: 6,
      doy: 66,
      year: 2024,
      month: 3,
      dow: '3.00:00:00',
      sow: '2024-03-03T00:00:00.0000000Z',
      som: '2024-03-01T00:00:00.0000000Z',
      soy: '2024-01-01T00:00:00.0000000Z',
      week: 53,
      quarter: 1,
      addMonth: '2024-02-29T10:00:00.0000000Z',
      addHours: '2024-03-06T18:05:03.0000000Z',
    });
  });

  it('text: countof, replace_regex, strcat_delim, indexof, base64, trim_start/end, reverse', async () => {
    expect(
      await printed({
        overlapping: 'countof("aaaa", "aa")',
        regexCount: 'countof("aaaa", "aa", "regex")',
        replaced: 'replace_regex("user=alice;user=bob", @"user=(\\w+)", @"<\\1>")',
        dollars: 'replace_regex("a", "a", "$0")',
        joined: 'strcat_delim("-", "a", 1, true)',
        idx: 'indexof("hello", "l")',
        idxFrom: 'indexof("hello", "l", 3)',
        notFound: 'indexof("hello", "z")',
        decoded: 'base64_decode_tostring("aGVsbG8=")',
        notBase64: 'base64_decode_tostring("not base64!")',
        encoded: 'base64_encode_tostring("hello")',
        ltrim: 'trim_start(@"[x]+", "xxaxx")',
        rtrim: 'trim_end(@"[x]+", "xxaxx")',
        rev: 'reverse("abc")',
      }),
    ).toEqual({
      overlapping: 3,
      regexCount: 2,
      replaced: '<alice>;<bob>',
      dollars: '$0',
      joined: 'a-1-true',
      idx: 2,
      idxFrom: 3,
      notFound: -1,
      decoded: 'hello',
      notBase64: '',
      encoded: 'aGVsbG8=',
      ltrim: 'axx',
      rtrim: 'xxa',
      rev: 'cba',
    });
  });

  it('dynamic: pack_array, bag_pack, array_concat, array_slice, array_index_of, set_has_element, bag_has_key, max_of, min_of', async () => {
    expect(
      await printed({
        arr: 'pack_array(1, "a", true)',
        bag: 'bag_pack("k", 1, "v", "x")',
        cat: 'array_concat(dynamic([1]), dynamic([2, 3]))',
        sl: 'array_slice(dynamic([1, 2, 3, 4]), 1, -2)',
        at: 'array_index_of(dynamic(["a", "b"]), "b")',
        absent: 'array_index_of(dynamic(["a", "b"]), "c")',
        hasEl: 'set_has_element(dynamic([1, 2]), 2)',
        hasKey: 'bag_has_key(dynamic({"a": 1}), "a")',
        hi: 'max_of(3, 7, long(null), 5)',
        lo: 'min_of(3, 7, 5)',
      }),
    ).toEqual({
      arr: [1, 'a', true],
      bag: { k: 1, v: 'x' },
      cat: [1, 2, 3],
      sl: [2, 3],
      at: 1,
      absent: -1,
      hasEl: true,
      hasKey: true,
      hi: 7,
      lo: 3,
    });
  });

  it('conditional aggregates: sumif, avgif, minif, maxif, make_set_if, make_list_if', async () => {
    expect(
      await rows(
        'DeviceProcessEvents | summarize s = sumif(ProcessId, DeviceId == "d1"), a = avgif(ProcessId, DeviceId == "d2"), lo = minif(ProcessId, FileName == "cmd.exe"), hi = maxif(ProcessId, FileName == "cmd.exe"), set = make_set_if(AccountName, ProcessId > 100), list = make_list_if(FileName, DeviceId == "d2")',
      ),
    ).toEqual([
      { s: 201, a: 102.5, lo: 101, hi: 103, set: ['alice', 'bob'], list: ['CertUtil.exe', 'cmd.exe'] },
    ]);
  });

  it('off-hours logons, the classic use of hourofday', async () => {
    expect(
      await rows(
        'DeviceLogonEvents | where hourofday(Timestamp) !between (8 .. 18) | summarize Logons = count() by AccountName',
      ),
    ).toEqual([{ AccountName: 'alice', Logons: 1 }]);
  });
});
