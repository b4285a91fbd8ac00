import type { Row } from '../../../../src/emulator/kql/table.js';

/**
 * Plain-TypeScript helpers for the corpus expectations. They are written independently of the
 * engine (no engine module is imported here), so a bug in the engine cannot hide in its own oracle.
 */
/** A table's rows inside the request's time window, in table order. */
export type Tables = (name: string) => Row[];

export interface CorpusCase {
  name: string;
  query: string;
  expected(t: Tables): Row[];
  /** Compare in order (the query sorts on a unique key); default: as a multiset. */
  ordered?: boolean;
  /** The expectation may be empty (default: it must not be, so the query really selects something). */
  allowEmpty?: boolean;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** ISO 8601 with seven fraction digits, for whole-millisecond instants. */
export function iso(ms: unknown): string {
  return new Date(ms as number).toISOString().replace(/Z$/, '0000Z');
}

export const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const lower = (v: unknown): string => s(v).toLowerCase();

/** The whole-word terms of a text, lower-cased: what `has` looks for. */
export function terms(text: unknown): string[] {
  return lower(text).split(/[^\p{L}\p{N}_]+/u);
}

export function groupBy<K>(rows: readonly Row[], key: (r: Row) => K): Map<K, Row[]> {
  const out = new Map<K, Row[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Group on several columns at once; the map key is the JSON of the values. */
export function groupOn(rows: readonly Row[], columns: readonly string[]): Map<string, Row[]> {
  return groupBy(rows, (r) => JSON.stringify(columns.map((c) => r[c])));
}

export function keyValues(columns: readonly string[], rows: readonly Row[]): Row {
  const first = rows[0] ?? {};
  return Object.fromEntries(columns.map((c) => [c, first[c]]));
}

export function distinctCount(rows: readonly Row[], column: string): number {
  return new Set(rows.map((r) => r[column])).size;
}

export function distinctValues<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

export function isPrivateIPv4(ip: unknown): boolean {
  const parts = s(ip).split('.').map(Number);
  const [a = -1, b = -1] = parts;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

export function maxBy(rows: readonly Row[], column: string): Row | undefined {
  let best: Row | undefined;
  for (const r of rows) if (best === undefined || (r[column] as number) > (best[column] as number)) best = r;
  return best;
}

/** Rows compared as a multiset: order-free, duplicates counted. */
export function canonical(rows: readonly Row[]): string[] {
  return rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))).sort();
}

/** The corpus clock, set by the test before the cases run (`ago()` needs it). */
export const NOW_FOR_CASES = { value: 0 };

export const isPhish = (r: Row): boolean => terms(r.ThreatTypes).includes('phish');

export function json(v: unknown): unknown {
  try {
    return JSON.parse(s(v));
  } catch {
    return s(v);
  }
}
