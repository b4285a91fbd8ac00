import type { ApiColumnType, KqlType } from './table.js';

/**
 * Values at run time, as in table.ts: datetime = epoch ms, timespan = ms, numbers, booleans,
 * strings, dynamic = JSON values; null is Kusto's null. Kusto strings are never null: a missing
 * string reads as ''.
 */
export const MS_PER_DAY = 86_400_000;
/** Milliseconds from 0001-01-01 (Kusto's datetime zero, where `bin` aligns) to 1970-01-01. */
export const EPOCH_OFFSET_MS = 62_135_596_800_000;

export function isNull(v: unknown): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

export function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'string' ? v : String(v);
}

/** Total order used by sort, min/max, arg_max: nulls first, then numbers, strings, booleans, JSON. */
export function compareValues(a: unknown, b: unknown): number {
  const an = isNull(a);
  const bn = isNull(b);
  if (an || bn) return an === bn ? 0 : an ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  const as = JSON.stringify(a);
  const bs = JSON.stringify(b);
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/**
 * `==` semantics: null equals nothing; dynamic values compare by JSON; a bool equals the number it
 * stands for (Kusto's bool is true (1) or false (0), so hunts write `IsImpersonated == 1`).
 */
export function equalValues(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === Number(b);
  return a === b;
}

/** A key for grouping and distinct: equal values give equal keys, nulls group together. */
export function groupKey(v: unknown): unknown {
  if (isNull(v)) return null;
  return typeof v === 'object' ? `\u0000${JSON.stringify(v)}` : v;
}

/** One cell's part of a composite key: type-tagged so 1 and "1" differ, nulls all alike. */
function keyPart(v: unknown): string {
  if (isNull(v)) return '~';
  switch (typeof v) {
    case 'number':
      return `n${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'string':
      // The separator cannot appear unescaped inside a part.
      return v.includes('\u0001') ? `j${JSON.stringify(v)}` : `s${v}`;
    default:
      return `j${JSON.stringify(v)}`;
  }
}

/** A key for several columns at once (summarize by, distinct, join on). */
export function groupKeyOf(values: readonly unknown[]): unknown {
  if (values.length === 1) return groupKey(values[0]);
  let key = '';
  for (const v of values) key += `${keyPart(v)}\u0001`;
  return key;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `2024-03-26T09:39:50.7688641Z`: ISO 8601 with seven fraction digits, as the hunting APIs write. */
export function formatDatetime(ms: number): string {
  const whole = Math.floor(ms);
  const ticks = Math.round((ms - whole) * 10_000);
  const iso = new Date(whole).toISOString(); // yyyy-mm-ddThh:mm:ss.fffZ
  return `${iso.slice(0, 23)}${pad(ticks, 4)}Z`;
}

/** Kusto's timespan text: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / MS_PER_DAY);
  rest -= days * MS_PER_DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const ticks = Math.round((rest - s * 1000) * 10_000);
  const fraction = ticks > 0 ? `.${pad(ticks, 7)}` : '';
  return `${sign}${days > 0 ? `${days}.` : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${fraction}`;
}

/** `tostring()` of a typed value. */
export function toText(v: unknown, type: KqlType): string {
  if (isNull(v)) return '';
  if (type === 'datetime' && typeof v === 'number') return formatDatetime(v);
  if (type === 'timespan' && typeof v === 'number') return formatTimespan(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export const API_TYPES: Record<KqlType, ApiColumnType> = {
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  string: 'String',
  guid: 'String',
  long: 'Int64',
  int: 'Int32',
  real: 'Double',
  bool: 'Boolean',
  dynamic: 'Object',
};

/** A cell as the API writes it: datetimes and timespans as text, strings never null, JSON as is. */
export function toApiValue(v: unknown, type: KqlType): unknown {
  if (type === 'string' || type === 'guid') return str(v);
  if (isNull(v)) return null;
  if (type === 'datetime') return formatDatetime(v as number);
  if (type === 'timespan') return formatTimespan(v as number);
  return v;
}
