import { type Builtin, pure } from './builtin.js';
import { compareValues, equalValues, groupKey, isNull, str } from './values.js';

function asArray(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** `array_slice(arr, start, end)`: `end` inclusive, negative indexes count from the end. */
function slice(v: unknown, start: unknown, end: unknown): unknown[] | null {
  const arr = asArray(v);
  if (!arr || typeof start !== 'number' || typeof end !== 'number') return null;
  const from = start < 0 ? arr.length + start : start;
  const to = end < 0 ? arr.length + end : end;
  return arr.slice(Math.max(0, from), Math.max(0, to + 1));
}

function extreme(values: unknown[], sign: 1 | -1): unknown {
  let best: unknown = null;
  for (const v of values) if (!isNull(v) && (isNull(best) || compareValues(v, best) * sign > 0)) best = v;
  return best;
}

function bag(values: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < values.length; i += 2) out[str(values[i])] = values[i + 1] ?? null;
  return out;
}

export const DYNAMIC_FUNCTIONS: Record<string, Builtin> = {
  pack_array: pure((values) => values.map((v) => (v === undefined ? null : v))),
  bag_pack: pure(bag),
  pack: pure(bag),
  array_concat: pure((values) => (values.every(Array.isArray) ? (values as unknown[][]).flat() : null)),
  array_slice: pure(([v, start, end]) => slice(v, start, end)),
  array_index_of: pure(([v, lookup]) => {
    const arr = asArray(v);
    return arr ? arr.findIndex((x) => equalValues(x, lookup)) : null;
  }),
  set_has_element: pure(([v, lookup]) => {
    const arr = asArray(v);
    return arr ? arr.some((x) => equalValues(x, lookup)) : null;
  }),
  bag_has_key: pure(([v, key]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.hasOwn(v, str(key)) : null,
  ),
  // `hll()` sketches are arrays of the distinct values here (see aggregates.ts).
  dcount_hll: pure(([v]) => (Array.isArray(v) ? v.length : null)),
  hll_merge: pure((values) => {
    const seen = new Map<unknown, unknown>();
    for (const v of values) if (Array.isArray(v)) for (const x of v) if (!isNull(x)) seen.set(groupKey(x), x);
    return [...seen.values()];
  }),
  // `pack_all([ignore_null_empty])`: a bag of the row's columns (Kusto docs: pack-all-function).
  pack_all: (args, _env, _type, columns) => {
    const ignore = args[0]?.fn;
    return (row) => {
      const skip = ignore?.(row) === true;
      const out: Record<string, unknown> = {};
      for (const k of columns ?? Object.keys(row)) {
        const v = row[k] ?? null;
        if (!(skip && (isNull(v) || v === ''))) out[k] = v;
      }
      return out;
    };
  },
  max_of: pure((values) => extreme(values, 1)),
  min_of: pure((values) => extreme(values, -1)),
};
