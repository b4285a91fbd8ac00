import type { Compiled, Env, Scalar } from './scope.js';
import type { KqlType, Row } from './table.js';
import { isNull, str } from './values.js';

/** A built-in scalar function: compiled once per call site from its compiled arguments. */
export type Builtin = (
  args: readonly Compiled[],
  env: Env,
  resultType: KqlType,
  columns?: readonly string[],
) => Scalar;

/** Evaluates every argument, then applies `f` to the values. */
export function pure(f: (values: unknown[], types: KqlType[]) => unknown): Builtin {
  return (args) => {
    const fns = args.map((a) => a.fn);
    const types = args.map((a) => a.type);
    if (fns.length === 1) {
      const [a] = fns as [Scalar];
      return (row) => f([a(row)], types);
    }
    return (row: Row) =>
      f(
        fns.map((fn) => fn(row)),
        types,
      );
  };
}

export function toNumber(v: unknown, integer: boolean): number | null {
  if (isNull(v) || v === '') return null;
  const n = typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : Number(str(v).trim());
  if (!Number.isFinite(n)) return null;
  return integer ? Math.trunc(n) : n;
}

export function toBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = str(v).trim().toLowerCase();
  return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null;
}

/** `parse_json`: JSON text to its value; text that is not JSON stays a string. */
export function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return isNull(v) ? null : v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
