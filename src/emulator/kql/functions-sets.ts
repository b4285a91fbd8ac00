import { type Builtin, pure } from './builtin.js';
import { has } from './text.js';
import { compareValues, groupKey, isNull, str } from './values.js';

/** Set and array functions hunts use to compare lists of parameters, domains or secrets. */

function distinct(values: unknown[]): unknown[] {
  const seen = new Set<unknown>();
  return values.filter((v) => {
    const k = groupKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function arrays(values: unknown[]): unknown[][] | null {
  return values.every(Array.isArray) ? (values as unknown[][]) : null;
}

function keys(values: unknown[]): Set<unknown> {
  return new Set(values.map(groupKey));
}

/** `range(start, stop[, step])`: the arithmetic sequence up to stop, inclusive (numbers only). */
function range(start: unknown, stop: unknown, step: unknown): unknown[] | null {
  if (typeof start !== 'number' || typeof stop !== 'number') return null;
  const by = typeof step === 'number' ? step : 1;
  if (by === 0 || (stop - start) / by > 1_048_576) return null;
  const out: number[] = [];
  for (let v = start; by > 0 ? v <= stop : v >= stop; v += by) out.push(v);
  return out;
}

export const SET_FUNCTIONS: Record<string, Builtin> = {
  set_union: pure((values) => {
    const all = arrays(values);
    return all ? distinct(all.flat()) : null;
  }),
  set_intersect: pure((values) => {
    const all = arrays(values);
    if (!all?.[0]) return null;
    const others = all.slice(1).map(keys);
    return distinct(all[0].filter((v) => others.every((o) => o.has(groupKey(v)))));
  }),
  set_difference: pure((values) => {
    const all = arrays(values);
    if (!all?.[0]) return null;
    const others = all.slice(1).map(keys);
    return distinct(all[0].filter((v) => others.every((o) => !o.has(groupKey(v)))));
  }),
  /** |A ∩ B| / |A ∪ B| of the two arrays' distinct values (Kusto docs: jaccard_index). */
  jaccard_index: pure(([a, b]) => {
    if (!Array.isArray(a) || !Array.isArray(b)) return null;
    const x = keys(a);
    const y = keys(b);
    const union = new Set([...x, ...y]).size;
    return union === 0 ? 0 : [...x].filter((k) => y.has(k)).length / union;
  }),
  has_any_index: pure(([s, list]) => (Array.isArray(list) ? list.findIndex((term) => has(s, term)) : null)),
  range: pure(([start, stop, step]) => range(start, stop, step)),
  strcat_array: pure(([arr, sep]) =>
    Array.isArray(arr)
      ? arr
          .map((v) => (isNull(v) ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)))
          .join(str(sep))
      : null,
  ),
  array_sort_asc: pure(([arr]) => (Array.isArray(arr) ? [...arr].sort(compareValues) : null)),
  array_sort_desc: pure(([arr]) =>
    Array.isArray(arr) ? [...arr].sort((a, b) => compareValues(b, a)) : null,
  ),
  base64_decode_toarray: pure(([v]) => {
    const text = str(v).trim();
    if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    return [...Buffer.from(text, 'base64')];
  }),
  // The legacy name of unicode_codepoints_to_string.
  make_string: pure((values) =>
    values
      .flat()
      .map((c) => (typeof c === 'number' ? String.fromCodePoint(c) : ''))
      .join(''),
  ),
};
