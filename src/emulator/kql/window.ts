import type { Builtin } from './builtin.js';
import type { SyntaxNode } from './kusto.js';
import { nodeClass } from './kusto.js';
import { type Flow, PAUSE, type Relation, relation } from './relation.js';
import type { Scalar } from './scope.js';
import { nameOf } from './syntax.js';
import type { Row } from './table.js';
import { isNull } from './values.js';

/**
 * Window functions over a serialized row set (`prev`, `next`, `row_number`, `row_cumsum`): Kusto
 * evaluates them against the rows before and after the current one, in the order they arrive. An
 * operator whose expressions use one reads its whole input first (a frame), then evaluates each
 * row with the frame's position set, so the functions can look either way.
 */
interface Frame {
  rows: Row[];
  index: number;
  cache: Map<unknown, unknown[]>;
}

let current: Frame | undefined;

const WINDOW_FUNCTIONS = new Set([
  'prev',
  'next',
  'row_number',
  'row_cumsum',
  'row_rank_dense',
  'row_rank_min',
]);

/** Does this operator's syntax call a window function (outside nested subqueries it cannot see)? */
export function usesWindow(node: SyntaxNode): boolean {
  if (nodeClass(node) === 'FunctionCallExpression') {
    const name = nameOf((node as Kusto.Language.Syntax.FunctionCallExpression).Name).toLowerCase();
    if (WINDOW_FUNCTIONS.has(name)) return true;
  }
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i) as SyntaxNode | null;
    if (child && usesWindow(child)) return true;
  }
  return false;
}

/** The input as a frame: each row is handed on with the frame positioned on it. */
export function framed(input: Relation): Relation {
  return relation(input.columns, function* (): Iterable<Flow> {
    const rows: Row[] = [];
    for (const r of input.rows()) {
      if (r === PAUSE) yield r;
      else rows.push(r);
    }
    const frame: Frame = { rows, index: 0, cache: new Map() };
    for (let i = 0; i < rows.length; i++) {
      frame.index = i;
      current = frame;
      yield rows[i] as Row;
    }
  });
}

function frame(): Frame {
  if (!current) throw new Error('a window function outside a serialized row set');
  return current;
}

/** `prev(col[, offset[, default]])` and `next(...)`: the value `offset` rows back (forward). */
function shifted(direction: -1 | 1): Builtin {
  return (args) => {
    const [value, offset, fallback] = args.map((a) => a.fn) as [Scalar, Scalar?, Scalar?];
    return (row) => {
      const f = frame();
      const by = offset ? Number(offset(row)) : 1;
      const other = f.rows[f.index + direction * by];
      return other ? value(other) : fallback ? fallback(row) : null;
    };
  };
}

/**
 * A per-frame sequence computed once, in order, with a restart predicate: `row_number(start,
 * restart)` and `row_cumsum(term, restart)` restart their count (sum) on the rows where the
 * predicate is true.
 */
function running(
  seed: (row: Row) => number,
  step: (acc: number, row: Row) => number,
  restart: Scalar | undefined,
  key: unknown,
): Scalar {
  return () => {
    const f = frame();
    let values = f.cache.get(key);
    if (!values) {
      values = [];
      let acc = 0;
      f.rows.forEach((r, i) => {
        acc = i === 0 || restart?.(r) === true ? seed(r) : step(acc, r);
        values?.push(acc);
      });
      f.cache.set(key, values);
    }
    return values[f.index] ?? null;
  };
}

export const WINDOW_BUILTINS: Record<string, Builtin> = {
  prev: shifted(-1),
  next: shifted(1),
  row_number: (args) => {
    const [start, restart] = args.map((a) => a.fn) as [Scalar?, Scalar?];
    const first = start ? Number(start({})) : 1;
    return running(
      () => first,
      (acc) => acc + 1,
      restart,
      Symbol('row_number'),
    );
  },
  row_cumsum: (args) => {
    const [term, restart] = args.map((a) => a.fn) as [Scalar, Scalar?];
    const value = (r: Row) => {
      const v = term(r);
      return typeof v === 'number' && !isNull(v) ? v : 0;
    };
    return running(value, (acc, r) => acc + value(r), restart, Symbol('row_cumsum'));
  },
};
