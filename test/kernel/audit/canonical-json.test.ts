import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/kernel/canonical-json.js';

/** The same object with its keys inserted in reverse order, at every level. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, member]) => [key, reversedKeys(member)]),
  );
}

/** The definition, written plainly: the fast path must give exactly this text. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof record.toJSON === 'function') return reference(record.toJSON());
  const keys = Object.keys(record).filter((k) => record[k] !== undefined && typeof record[k] !== 'function');
  return `{${keys
    .sort()
    .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
    .join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly what the plain definition writes, for any JSON value and for the awkward keys', () => {
    const awkward = fc.oneof(
      fc.constantFrom('0', '1', '2', '10', '01', '-1', '__proto__', 'a', 'B'),
      fc.string(),
    );
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.array(tie('value')),
        fc.dictionary(awkward, tie('value')),
        fc.constantFrom(
          undefined,
          new Date(0),
          { toJSON: () => undefined },
          { toJSON: () => ({ b: 1, a: 2 }) },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(values, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
    );
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":1},"10":2,"2":3,"a":[{"d":1,"c":2}]}');
    expect(canonicalJson(parsed)).toBe('{"10":2,"2":3,"__proto__":{"x":1},"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe('{"__proto__":{"x":1},"b":1}');
    expect(canonicalJson({ a: { toJSON: () => undefined }, b: Symbol('s') })).toBe(
      reference({ a: { toJSON: () => undefined }, b: Symbol('s') }),
    );
  });

  it('does not depend on key order and round-trips JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(reversedKeys(value))).toBe(canonical);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('sorts keys and drops undefined members as JSON does', () => {
    expect(canonicalJson({ b: 1, a: [undefined, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[null,{"c":"x"}],"b":1}',
    );
  });

  it('tells apart values that differ only in type or nesting', () => {
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ 'a,b': 1 })).not.toBe(canonicalJson({ a: { b: 1 } }));
  });
});
