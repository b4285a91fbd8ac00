import { type Column, emptyOf, type Flow, PAUSE, type Relation, relation } from '../relation.js';
import type { Row } from '../table.js';

/** A streaming row-by-row operator: `map` returns the output row, or undefined to drop it. */
export function mapRows(
  input: Relation,
  columns: readonly Column[],
  map: (row: Row) => Row | undefined,
): Relation {
  return relation(columns, function* (): Iterable<Flow> {
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const out = map(r);
      if (out !== undefined) yield out;
    }
  });
}

/**
 * Collects all input rows (forwarding yield points), then hands them to `finish`, whose rows follow.
 * The materialising operators (summarize, sort, distinct, join's build side) are built on this.
 */
export interface Collector {
  add(row: Row): void;
  finish(): Iterable<Row>;
}

/** `start` makes fresh state for each run over the input, so a relation can be read twice. */
export function collect(input: Relation, columns: readonly Column[], start: () => Collector): Relation {
  return relation(columns, function* (): Iterable<Flow> {
    const collector = start();
    for (const r of input.rows()) {
      if (r === PAUSE) yield r;
      else collector.add(r);
    }
    yield* collector.finish();
  });
}

/** A row with the given output columns, each read from `source(name)` of the input row. */
export function reshape(columns: readonly Column[], sourceName: (name: string) => string) {
  const pairs = columns.map((c) => [c.name, sourceName(c.name), emptyOf(c)] as const);
  return (row: Row): Row => {
    const out: Row = {};
    for (const [to, from, empty] of pairs) out[to] = row[from] ?? empty;
    return out;
  };
}
