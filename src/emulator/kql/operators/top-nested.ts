import { AGGREGATES } from '../aggregates.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { compareValues, groupKey } from '../values.js';
import { namedExpression } from './basic.js';
import { collect } from './stream.js';

interface Level {
  limit: number;
  key: Scalar;
  aggregate: (rows: Row[]) => unknown;
  ascending: boolean;
}

/** One `top-nested N of Key by Aggregate [asc|desc]` clause. */
function level(clause: Ex<'TopNestedClause'>, scope: Scope): Level {
  if (clause.WithOthersClause) throw unsupported(`top-nested with others ('${textOf(clause)}')`);
  const limit = clause.Expression
    ? Number(compileScalar(clause.Expression as SyntaxNode, scope).fn({}))
    : Infinity;
  const key = compileScalar(namedExpression(clause.OfExpression as SyntaxNode).expression, scope).fn;
  let by = clause.ByExpression as SyntaxNode;
  let ascending = false;
  if (nodeClass(by) === 'OrderedExpression') {
    const ordered = by as Ex<'OrderedExpression'>;
    ascending = (ordered.Ordering?.AscOrDescKeyword?.Text ?? '').toLowerCase() === 'asc';
    by = ordered.Expression as SyntaxNode;
  }
  const call = namedExpression(by).expression;
  if (nodeClass(call) !== 'FunctionCallExpression')
    throw unsupported(`the top-nested aggregate '${textOf(by)}'`);
  const fn = call as Ex<'FunctionCallExpression'>;
  const factory = AGGREGATES[nameOf(fn.Name).toLowerCase()];
  if (!factory) throw unsupported(`the aggregation function '${nameOf(fn.Name)}()'`);
  const start = factory(
    elements(fn.ArgumentList?.Expressions).map((a) => compileScalar(a, scope).fn),
    [],
  );
  const aggregate = (rows: Row[]) => {
    const acc = start();
    for (const r of rows) acc.add(r);
    return acc.result()[0] ?? null;
  };
  return { limit, key, aggregate, ascending };
}

/**
 * `top-nested`: at each level, the N values of the key with the greatest (or, with `asc`, least)
 * aggregate, then the next level within each (Kusto docs). Output: per level, the key and its
 * aggregate, as the analyzer names them.
 */
export function topNested(node: Ex<'TopNestedOperator'>, input: Relation, scope: Scope): Relation {
  const levels = elements<Ex<'TopNestedClause'>>(node.Clauses).map((c) => level(c, scope));
  const columns = columnsOf(node);
  if (columns.length !== levels.length * 2) throw unsupported(`this form of top-nested ('${textOf(node)}')`);
  const names = columns.map((c) => c.name);
  return collect(input, columns, () => {
    const all: Row[] = [];
    const expand = function* (rows: Row[], depth: number, prefix: unknown[]): Iterable<Row> {
      const current = levels[depth];
      if (!current) {
        const out: Row = {};
        names.forEach((n, i) => {
          out[n] = prefix[i] ?? null;
        });
        yield out;
        return;
      }
      const groups = new Map<unknown, { value: unknown; rows: Row[] }>();
      for (const r of rows) {
        const value = current.key(r);
        const k = groupKey(value);
        const group = groups.get(k) ?? { value, rows: [] };
        group.rows.push(r);
        groups.set(k, group);
      }
      const ranked = [...groups.values()].map((g) => ({ ...g, total: current.aggregate(g.rows) }));
      ranked.sort((a, b) => compareValues(a.total, b.total) * (current.ascending ? 1 : -1));
      for (const g of ranked.slice(0, current.limit))
        yield* expand(g.rows, depth + 1, [...prefix, g.value, g.total]);
    };
    return {
      add: (r: Row) => {
        all.push(r);
      },
      finish: () => expand(all, 0, []),
    };
  });
}
