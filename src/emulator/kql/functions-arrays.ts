import { createHash } from 'node:crypto';
import { type Builtin, pure } from './builtin.js';
import { regex } from './text.js';
import { isNull, str } from './values.js';

/**
 * Dynamic-array, property-bag and string helpers from the Kusto docs that the core set lacks.
 * Arguments that are not arrays (bags) give null, as the docs say.
 */
const arrayOf = (v: unknown): unknown[] | null => (Array.isArray(v) ? v : null);

function isBag(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function rotate(v: unknown, by: unknown): unknown[] | null {
  const a = arrayOf(v);
  if (!a || a.length === 0) return a;
  const k = ((Math.trunc(Number(by)) % a.length) + a.length) % a.length;
  return [...a.slice(k), ...a.slice(0, k)];
}

/** `array_shift_left(arr, n[, fill])`: shifted, vacated cells null (or `fill`). */
function shift(v: unknown, by: unknown, fill: unknown): unknown[] | null {
  const a = arrayOf(v);
  if (!a) return null;
  const k = Math.trunc(Number(by));
  const pad = isNull(fill) ? null : fill;
  return a.map((_, i) => (i + k >= 0 && i + k < a.length ? a[i + k] : pad));
}

/** `array_split(arr, indices)`: pieces cut before each index (negative ones count from the end). */
function splitAt(v: unknown, indices: unknown): unknown[][] | null {
  const a = arrayOf(v);
  if (!a) return null;
  const cuts = (Array.isArray(indices) ? indices : [indices])
    .map((i) => Math.trunc(Number(i)))
    .map((i) => Math.min(a.length, Math.max(0, i < 0 ? a.length + i : i)))
    .sort((x, y) => x - y);
  const out: unknown[][] = [];
  let from = 0;
  for (const c of cuts) {
    out.push(a.slice(from, Math.max(from, c)));
    from = Math.max(from, c);
  }
  out.push(a.slice(from));
  return out;
}

/** `extract_all(re, [groups,] text)`: every match; one group gives strings, several give arrays. */
function extractAll(pattern: unknown, a: unknown, b: unknown): unknown[] | null {
  const [groups, text] = b === undefined ? [undefined, a] : [a, b];
  const re = regex(pattern, true);
  re.lastIndex = 0;
  const out: unknown[] = [];
  for (const m of str(text).matchAll(re)) {
    if (m[0] === '') continue;
    const wanted = Array.isArray(groups)
      ? groups.map(Number)
      : m.length > 1
        ? m.slice(1).map((_, i) => i + 1)
        : [0];
    const values = wanted.map((g) => m[g] ?? '');
    out.push(values.length === 1 ? values[0] : values);
  }
  return out.length ? out : null;
}

/** `parse_path`: Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName. */
function parsePath(v: unknown): Record<string, string> {
  const path = str(v);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1] ?? '';
  const root =
    /^(?:[a-z]:\\|\\\\[^\\]+\\[^\\]+\\|\/)/i.exec(path.slice(scheme ? scheme.length + 3 : 0))?.[0] ?? '';
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const dir = cut >= 0 ? path.slice(0, cut) : '';
  let file = path.slice(cut + 1);
  const stream = file.includes(':') ? file.slice(file.indexOf(':') + 1) : '';
  if (stream) file = file.slice(0, file.indexOf(':'));
  const dot = file.lastIndexOf('.');
  return {
    Scheme: scheme,
    RootPath: root.replace(/[\\/]$/, ''),
    DirectoryPath: dir,
    DirectoryName: dir.slice(Math.max(dir.lastIndexOf('\\'), dir.lastIndexOf('/')) + 1),
    Filename: file,
    Extension: dot >= 0 ? file.slice(dot + 1) : '',
    AlternateDataStreamName: stream,
  };
}

/** `translate(from, to, s)`: per-character mapping; `from` longer than `to` maps extras to its last. */
function translate(from: unknown, to: unknown, s: unknown): string {
  const f = [...str(from)];
  const t = [...str(to)];
  return [...str(s)]
    .map((c) => {
      const i = f.indexOf(c);
      if (i < 0) return c;
      return t.length === 0 ? '' : (t[Math.min(i, t.length - 1)] as string);
    })
    .join('');
}

export const ARRAY_FUNCTIONS: Record<string, Builtin> = {
  array_reverse: pure(([v]) => arrayOf(v)?.slice().reverse() ?? null),
  array_sum: pure(([v]) => {
    const a = arrayOf(v);
    if (!a) return null;
    return a.every((x) => typeof x === 'number') ? (a as number[]).reduce((s, x) => s + x, 0) : null;
  }),
  array_rotate_left: pure(([v, n]) => rotate(v, n)),
  array_rotate_right: pure(([v, n]) => rotate(v, -Number(n))),
  array_shift_left: pure(([v, n, fill]) => shift(v, n, fill)),
  array_shift_right: pure(([v, n, fill]) => shift(v, -Number(n), fill)),
  array_split: pure(([v, indices]) => splitAt(v, indices)),
  array_iff: pure(([cond, a, b]) => arrayIff(cond, a, b)),
  array_iif: pure(([cond, a, b]) => arrayIff(cond, a, b)),
  zip: pure((arrays) => {
    if (!arrays.every(Array.isArray)) return null;
    const lists = arrays as unknown[][];
    const n = Math.max(0, ...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)));
  }),
  bag_merge: pure((bags) => {
    const out: Record<string, unknown> = {};
    for (const b of bags) if (isBag(b)) for (const [k, x] of Object.entries(b)) if (!(k in out)) out[k] = x;
    return out;
  }),
  bag_remove_keys: pure(([bag, keys]) => {
    if (!isBag(bag)) return null;
    const drop = new Set((Array.isArray(keys) ? keys : [keys]).map(str));
    return Object.fromEntries(Object.entries(bag).filter(([k]) => !drop.has(k)));
  }),
  bag_set_key: pure(([bag, key, value]) => (isBag(bag) ? { ...bag, [str(key)]: value ?? null } : null)),
  extract_all: pure(([pattern, a, b]) => extractAll(pattern, a, b)),
  parse_path: pure(([v]) => parsePath(v)),
  parse_csv: pure(([v]) => parseCsv(v)),
  strrep: pure(([s, n, delimiter]) => {
    const times = Math.trunc(Number(n));
    return times > 0
      ? Array(times)
          .fill(str(s))
          .join(str(delimiter ?? ''))
      : '';
  }),
  translate: pure(([from, to, s]) => translate(from, to, s)),
  isascii: pure(([v]) => [...str(v)].every((c) => c.charCodeAt(0) < 0x80)),
  isutf8: pure(([v]) => !/[\ud800-\udfff]/.test(str(v).replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))),
  hash_sha1: pure(([v]) => (isNull(v) ? null : createHash('sha1').update(str(v)).digest('hex'))),
  toguid: pure(([v]) => {
    const m = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.exec(str(v).trim());
    if (!m) return null;
    const hex = m[0].replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }),
  repeat: pure(([value, count]) => {
    const n = Math.trunc(Number(count));
    return n >= 0 ? Array(n).fill(value ?? null) : null;
  }),
};

/** `parse_csv(text)`: the first record's fields, `"` quoting with `""` for a quote (RFC 4180). */
export function parseCsv(v: unknown): string[] {
  const text = str(v);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field);
  return fields;
}

function arrayIff(cond: unknown, a: unknown, b: unknown): unknown[] | null {
  if (!Array.isArray(cond)) return null;
  const pick = (x: unknown, i: number) => (Array.isArray(x) ? (x[i] ?? null) : (x ?? null));
  return cond.map((c, i) => (c === true || (typeof c === 'number' && c !== 0) ? pick(a, i) : pick(b, i)));
}
