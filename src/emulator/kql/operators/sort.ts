import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { compareValues, isNull } from '../values.js';
import { collect } from './stream.js';

type Comparator = (a: Row, b: Row) => number;

/** One `by` term: descending unless `asc`; nulls last when descending, first when ascending, unless said. */
function sortKey(node: SyntaxNode, scope: Scope): Comparator {
  let expression = node;
  let descending = true;
  let nullsFirst: boolean | undefined;
  if (nodeClass(node) === 'OrderedExpression') {
    const ordered = node as Ex<'OrderedExpression'>;
    expression = ordered.Expression as SyntaxNode;
    const direction = ordered.Ordering?.AscOrDescKeyword?.Text?.toLowerCase();
    descending = direction !== 'asc';
    const nulls = ordered.Ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
    if (nulls) nullsFirst = nulls === 'first';
  }
  nullsFirst ??= !descending;
  const fn = compileScalar(expression, scope).fn;
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const va = fn(a);
    const vb = fn(b);
    const na = isNull(va);
    const nb = isNull(vb);
    if (na || nb) return na === nb ? 0 : (na ? -1 : 1) * (nullsFirst ? 1 : -1);
    return compareValues(va, vb) * sign;
  };
}

function comparator(terms: SyntaxNode[], scope: Scope): Comparator {
  const keys = terms.map((t) => sortKey(t, scope));
  return (a, b) => {
    for (const key of keys) {
      const c = key(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function sorted(input: Relation, compare: Comparator, limit: number): Relation {
  return collect(input, input.columns, () => {
    const rows: Row[] = [];
    return {
      add: (r) => {
        rows.push(r);
      },
      finish: () => rows.sort(compare).slice(0, limit),
    };
  });
}

export function sort(node: Ex<'SortOperator'>, input: Relation, scope: Scope): Relation {
  return sorted(input, comparator(elements(node.Expressions), scope), Number.POSITIVE_INFINITY);
}

export function top(node: Ex<'TopOperator'>, input: Relation, scope: Scope): Relation {
  const n = Number(compileScalar(node.Expression as SyntaxNode, scope).fn({}));
  if (!Number.isFinite(n)) throw unsupported(`the row count of '${textOf(node)}'`);
  return sorted(input, comparator([node.ByExpression as SyntaxNode], scope), Math.max(0, n));
}
