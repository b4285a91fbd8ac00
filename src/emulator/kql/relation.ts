import type { KqlType, Row } from './table.js';

export interface Column {
  name: string;
  type: KqlType;
}

/**
 * A yield point. Every row stream may carry PAUSE markers (the table scans emit one every few
 * thousand rows); operators pass them on untouched, and the driver awaits the event loop on each,
 * so the AbortSignal and the runtime limit are honoured even inside summarize, sort or join.
 */
export const PAUSE: unique symbol = Symbol('kql.pause');
export type Flow = Row | typeof PAUSE;

/** A tabular value: its schema (names and types, as the analyzer computed them) and a lazy row stream. */
export interface Relation {
  columns: readonly Column[];
  rows(): Iterable<Flow>;
  /** The table (or `let`) name this relation reads, for `union withsource=`. */
  source?: string;
}

export function relation(columns: readonly Column[], rows: () => Iterable<Flow>): Relation {
  return { columns, rows };
}

/** A cell's empty value: Kusto strings are never null, so a missing string reads as ''. */
export function emptyOf(column: Column | undefined): '' | null {
  return column?.type === 'string' || column?.type === 'guid' ? '' : null;
}

/** The first column's values (for `in (T)` and `toscalar()`), missing strings as ''. */
export function firstColumn(rel: Relation): unknown[] {
  const column = rel.columns[0];
  const empty = emptyOf(column);
  return materialize(rel).map((r) => (column ? (r[column.name] ?? empty) : null));
}

/** All rows of a relation, pauses dropped: for the small tabular values used inside scalars (`in (T)`). */
export function materialize(rel: Relation): Row[] {
  const out: Row[] = [];
  for (const r of rel.rows()) if (r !== PAUSE) out.push(r);
  return out;
}
