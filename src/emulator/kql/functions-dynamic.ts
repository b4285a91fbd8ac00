import { type Builtin, pure } from './builtin.js';
import { compareValues, equalValues, isNull, str } from './values.js';

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
  max_of: pure((values) => extreme(values, 1)),
  min_of: pure((values) => extreme(values, -1)),
};
