import { randomUUID } from 'node:crypto';
import { type Builtin, pure, toNumber } from './builtin.js';
import { isNull, str } from './values.js';

/**
 * Math and number formatting from the Kusto docs: null in, null out; a result that is not a finite
 * number (log of a negative) is null for the integer forms and NaN/Infinity for reals, as Kusto's
 * reals allow. `rand()` is random, as on the service (tests check its range only).
 */
const num = (f: (x: number) => number): Builtin => pure(([v]) => (typeof v === 'number' ? f(v) : null));

const num2 = (f: (x: number, y: number) => number): Builtin =>
  pure(([a, b]) => (typeof a === 'number' && typeof b === 'number' ? f(a, b) : null));

/** `format_bytes(size[, precision[, unit]])`: "1 KB", "1.5 MB"; binary multiples, as the docs show. */
const UNITS = ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
export function formatBytes(size: unknown, precision: unknown, unit: unknown): string {
  if (typeof size !== 'number' || !Number.isFinite(size)) return '';
  const digits = isNull(precision) ? 0 : Math.max(0, Math.trunc(Number(precision)));
  const wanted = UNITS.findIndex((u) => u.toLowerCase() === str(unit).toLowerCase());
  let index = wanted;
  if (index < 0) {
    index = 0;
    while (index < UNITS.length - 1 && Math.abs(size) >= 1024 ** (index + 1)) index++;
  }
  const value = size / 1024 ** index;
  return `${index === 0 ? Math.round(value) : value.toFixed(digits)} ${UNITS[index]}`;
}

/** `tohex(n[, minLength])`: two's complement for negatives, lower case. */
export function toHex(v: unknown, minLength: unknown): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return null;
  const hex = BigInt.asUintN(64, BigInt(v)).toString(16);
  return hex.padStart(isNull(minLength) ? 0 : Number(minLength), '0');
}

/** `gettype` of a dynamic value: Kusto's names for JSON values (whole numbers as `long`). */
function dynamicType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'dictionary';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

export const MATH_FUNCTIONS: Record<string, Builtin> = {
  ceiling: num(Math.ceil),
  sqrt: num(Math.sqrt),
  exp: num(Math.exp),
  exp2: num((x) => 2 ** x),
  exp10: num((x) => 10 ** x),
  log: num(Math.log),
  log2: num(Math.log2),
  log10: num(Math.log10),
  pow: num2((x, y) => x ** y),
  sign: num(Math.sign),
  sin: num(Math.sin),
  cos: num(Math.cos),
  tan: num(Math.tan),
  asin: num(Math.asin),
  acos: num(Math.acos),
  atan: num(Math.atan),
  atan2: num2((y, x) => Math.atan2(y, x)),
  cot: num((x) => 1 / Math.tan(x)),
  degrees: num((x) => (x * 180) / Math.PI),
  radians: num((x) => (x * Math.PI) / 180),
  pi: () => () => Math.PI,
  isfinite: pure(([v]) => (typeof v === 'number' ? Number.isFinite(v) : null)),
  isinf: pure(([v]) => (typeof v === 'number' ? v === Infinity || v === -Infinity : null)),
  bin_at: pure(([v, size, at]) => {
    if (typeof v !== 'number' || typeof size !== 'number' || typeof at !== 'number' || size <= 0) return null;
    return at + Math.floor((v - at) / size) * size;
  }),
  rand: (args) => {
    const n = args[0]?.fn;
    return n
      ? (row) => {
          const max = Number(n(row));
          return Number.isFinite(max) && max > 0 ? Math.floor(Math.random() * max) : null;
        }
      : () => Math.random();
  },
  format_bytes: pure(([size, precision, unit]) => formatBytes(size, precision, unit)),
  tohex: pure(([v, minLength]) => toHex(v, minLength)),
  new_guid: () => () => randomUUID(),
  todecimal: pure(([v]) => toNumber(v, false)),
  binary_not: pure(([v]) =>
    typeof v === 'number' ? Number(BigInt.asIntN(64, ~BigInt(Math.trunc(v)))) : null,
  ),
  bitset_count_ones: pure(([v]) => {
    if (typeof v !== 'number') return null;
    return [...BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(2)].filter((b) => b === '1').length;
  }),
  gettype: (args) => {
    const [arg] = args;
    if (!arg) return () => null;
    const { fn, type } = arg;
    if (type !== 'dynamic') return () => type;
    return (row) => dynamicType(fn(row));
  },
};
