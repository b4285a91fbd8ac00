import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ODataError } from '../../../src/emulator/odata/errors.js';
import { compileFilter, type FilterSchema } from '../../../src/emulator/odata/filter.js';
import { parseFilter } from '../../../src/emulator/odata/parser.js';

interface Rec {
  name: string;
  status: string;
  score: number;
  created: string;
  enabled: boolean;
  tags: string[];
  owner: string | null;
}

const schema: FilterSchema = {
  typeName: 'test.record',
  properties: {
    name: { kind: 'string' },
    status: { kind: 'enum', values: ['active', 'resolved', 'inProgress'] },
    score: { kind: 'number' },
    created: { kind: 'datetime' },
    enabled: { kind: 'boolean' },
    tags: { kind: 'stringArray' },
    owner: { kind: 'string' },
  },
};

const records: Rec[] = [
  {
    name: "O'Brien laptop",
    status: 'active',
    score: 10,
    created: '2026-01-01T00:00:00.0000000Z',
    enabled: true,
    tags: ['VIP'],
    owner: 'a@x.com',
  },
  {
    name: 'build server',
    status: 'resolved',
    score: 50,
    created: '2026-02-01T12:00:00.1234567Z',
    enabled: false,
    tags: [],
    owner: null,
  },
  {
    name: 'Kiosk',
    status: 'inProgress',
    score: 90,
    created: '2026-03-01T00:00:00Z',
    enabled: true,
    tags: ['kiosk', 'remote'],
    owner: 'b@x.com',
  },
];

function names(filter: string): string[] {
  const p = compileFilter<Rec>(filter, schema);
  return records.filter(p).map((r) => r.name);
}

describe('OData $filter', () => {
  it('compares with each operator', () => {
    expect(names("status eq 'active'")).toEqual(["O'Brien laptop"]);
    expect(names("status ne 'active'")).toEqual(['build server', 'Kiosk']);
    expect(names('score gt 10')).toEqual(['build server', 'Kiosk']);
    expect(names('score ge 50')).toEqual(['build server', 'Kiosk']);
    expect(names('score lt 50')).toEqual(["O'Brien laptop"]);
    expect(names('score le 50')).toEqual(["O'Brien laptop", 'build server']);
  });

  it('combines with and, or, not and parentheses, with and binding tighter than or', () => {
    expect(names("status eq 'active' or status eq 'resolved' and score gt 60")).toEqual(["O'Brien laptop"]);
    expect(names("(status eq 'active' or status eq 'resolved') and score gt 20")).toEqual(['build server']);
    expect(names("not (status eq 'active')")).toEqual(['build server', 'Kiosk']);
    expect(names('not enabled eq true')).toEqual(['build server']);
  });

  it('unescapes doubled quotes in string literals and compares strings case-insensitively', () => {
    expect(names("name eq 'o''brien LAPTOP'")).toEqual(["O'Brien laptop"]);
    expect(() => names("name eq 'O'Brien laptop'")).toThrow(ODataError);
  });

  it('compares datetimes given bare or quoted (to the millisecond)', () => {
    expect(names('created ge 2026-02-01T00:00:00Z')).toEqual(['build server', 'Kiosk']);
    expect(names("created lt '2026-02-01T12:00:00.1240000Z'")).toEqual(["O'Brien laptop", 'build server']);
    expect(names('created gt 2026-02-15')).toEqual(['Kiosk']);
  });

  it('handles null, booleans, in, string functions and any()', () => {
    expect(names('owner eq null')).toEqual(['build server']);
    expect(names('owner ne null')).toEqual(["O'Brien laptop", 'Kiosk']);
    expect(names('enabled eq false')).toEqual(['build server']);
    expect(names("status in ('active', 'inProgress')")).toEqual(["O'Brien laptop", 'Kiosk']);
    expect(names("startswith(name, 'build')")).toEqual(['build server']);
    expect(names("contains(name, 'SERVER')")).toEqual(['build server']);
    expect(names("endswith(name, 'sk')")).toEqual(['Kiosk']);
    expect(names("tags/any(t: t eq 'vip')")).toEqual(["O'Brien laptop"]);
    expect(names("tags/any(t: t eq 'remote' or t eq 'vip')")).toEqual(["O'Brien laptop", 'Kiosk']);
  });

  it.each([
    ["nope eq 'x'", /Could not find a property named 'nope' on type 'test.record'/],
    ["status eq 'closed'", /not a valid member/],
    ["status gt 'active'", /not supported for enumeration/],
    ["score eq 'abc'", /cannot be compared/],
    ['enabled eq 1', /cannot be compared/],
    ["tags eq 'VIP'", /collection/],
    ["name eq 'unterminated", /Unterminated string/],
    ["status eq 'active' and", /Syntax error/],
    ["status 'active'", /comparison operator/],
    ["(status eq 'active'", /expected '\)'/],
    ["status eq 'active')", /end of expression/],
    ['status eq #', /unexpected character/],
    ['', /empty/],
    ["name/all(t: t eq 'x')", /only the 'any' lambda/],
    ['created gt 2026-13-45', /Invalid datetime/],
  ])('refuses %j with an ODataError', (filter, message) => {
    expect(() => compileFilter(filter, schema)).toThrow(ODataError);
    expect(() => compileFilter(filter, schema)).toThrow(message);
  });

  it('refuses deep nesting and huge input instead of overflowing the stack', () => {
    expect(() => parseFilter(`${'('.repeat(5000)}score eq 1${')'.repeat(5000)}`)).toThrow(ODataError);
    expect(() => parseFilter(`${'not '.repeat(100)}score eq 1`)).toThrow(/nested too deeply/);
  });

  it('never throws anything but ODataError on arbitrary input', () => {
    const samples = [
      "'",
      "''",
      '(((',
      ')',
      'eq eq eq',
      'a/any(',
      'a/any(x:',
      "x in ('a',",
      '\u0000',
      '\u202e',
      '-',
      '1e',
      '--1',
    ];
    for (const s of samples) {
      try {
        compileFilter(s, schema);
      } catch (e) {
        expect(e).toBeInstanceOf(ODataError);
      }
    }
  });
});

describe('OData $filter robustness', () => {
  it('reads a/b paths into complex properties', () => {
    const nested: FilterSchema<{ status: { errorCode: number } }> = {
      typeName: 't',
      properties: { 'status/errorCode': { kind: 'number', get: (r) => r.status.errorCode } },
    };
    const p = compileFilter<{ status: { errorCode: number } }>('status/errorCode eq 0', nested);
    expect([{ status: { errorCode: 0 } }, { status: { errorCode: 50126 } }].filter(p)).toHaveLength(1);
  });

  it('answers any input with a predicate or an ODataError, never another exception', () => {
    const tokens = [
      'status',
      'score',
      'name',
      'tags',
      'eq',
      'ne',
      'gt',
      'and',
      'or',
      'not',
      'in',
      '(',
      ')',
      ',',
      "'a'",
      "''",
      '1',
      '-2.5',
      'null',
      'true',
      '2026-01-01T00:00:00Z',
      '/',
      'any',
      ':',
      't',
      'startswith',
      "'",
      '\u202e',
      '$it',
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.array(fc.constantFrom(...tokens), { maxLength: 12 }).map((t) => t.join(' ')),
        ),
        (text) => {
          try {
            const p = compileFilter<Rec>(text, schema);
            records.filter(p);
          } catch (e) {
            if (!(e instanceof ODataError)) throw e;
          }
        },
      ),
      { numRuns: 2000, seed: 42 },
    );
  });
});
