import { nodeClass, type SyntaxNode } from '../kusto.js';
import { type Column, type Flow, PAUSE, type Relation, relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular } from '../tabular.js';
import { groupKey } from '../values.js';
import { namedExpression } from './basic.js';
import { convert, items } from './expand.js';
import { applyOperator } from './index.js';

/**
 * A subquery that starts with an operator (`partition by K (top 1 by T)`, `mv-apply ... on (where
 * ...)`) applies to rows the enclosing operator chooses. It is compiled once over a relation whose
 * rows are swapped in before each run: relations are lazy, so each read sees the current rows.
 */
interface Feed {
  relation: Relation;
  set(rows: Row[]): void;
}

function feed(columns: readonly Column[]): Feed {
  let rows: Row[] = [];
  return {
    relation: relation(columns, () => rows),
    set(next) {
      rows = next;
    },
  };
}

export function compileSubquery(node: SyntaxNode, input: Relation, scope: Scope): Relation {
  switch (nodeClass(node)) {
    case 'PipeExpression': {
      const pipe = node as Ex<'PipeExpression'>;
      return applyOperator(
        pipe.Operator as SyntaxNode,
        compileSubquery(pipe.Expression as SyntaxNode, input, scope),
        scope,
      );
    }
    case 'ParenthesizedExpression':
      return compileSubquery((node as Ex<'ParenthesizedExpression'>).Expression as SyntaxNode, input, scope);
    default:
      return nodeClass(node).endsWith('Operator')
        ? applyOperator(node, input, scope)
        : compileTabular(node, scope);
  }
}

/** `partition by K (subquery)`: the subquery runs once per distinct K, over that partition's rows. */
export function partition(node: Ex<'PartitionOperator'>, input: Relation, scope: Scope): Relation {
  const operand = node.Operand as SyntaxNode | null;
  if (!operand || nodeClass(operand) !== 'PartitionSubquery')
    throw unsupported(`this form of partition ('${textOf(node)}')`);
  const key = compileScalar(node.ByExpression as SyntaxNode, scope).fn;
  const source = feed(input.columns);
  const sub = compileSubquery(
    (operand as Ex<'PartitionSubquery'>).Subquery as SyntaxNode,
    source.relation,
    scope,
  );
  return relation(columnsOf(node), function* (): Iterable<Flow> {
    const groups = new Map<unknown, Row[]>();
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const k = groupKey(key(r));
      const list = groups.get(k);
      if (list) list.push(r);
      else groups.set(k, [r]);
    }
    for (const rows of groups.values()) {
      source.set(rows);
      yield* sub.rows();
    }
  });
}

/**
 * `mv-apply x = arr [to typeof(t)], ... [limit n] on (subquery)`: for each input row, the arrays
 * are expanded in parallel (as mv-expand does), the subquery runs over those rows, and its output
 * rows carry the input row's other columns.
 */
export function mvApply(node: Ex<'MvApplyOperator'>, input: Relation, scope: Scope): Relation {
  const params = operatorParameters(node.Parameters);
  const indexName = params.get('with_itemindex');
  if ([...params.keys()].some((k) => k !== 'with_itemindex'))
    throw unsupported(`mv-apply parameters ('${textOf(node)}')`);
  const columns = columnsOf(node);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const targets = elements<Ex<'MvApplyExpression'>>(node.Expressions).map((e) => {
    const { name, expression } = namedExpression(e.Expression as SyntaxNode);
    if (name === undefined) throw unsupported(`mv-apply of '${textOf(e)}'`);
    return { name, fn: compileScalar(expression, scope).fn as Scalar, type: types.get(name) ?? 'dynamic' };
  });
  const index = indexName ? textOf(indexName) : undefined;
  const expanded = new Set(targets.map((t) => t.name));
  const inner: Column[] = [
    ...input.columns.filter((c) => !expanded.has(c.name)),
    ...targets.map((t) => ({ name: t.name, type: t.type })),
    ...(index ? [{ name: index, type: 'long' as const }] : []),
  ];
  const limitNode = node.RowLimitClause?.RowLimit as SyntaxNode | undefined;
  const limit = limitNode ? Number(compileScalar(limitNode, scope).fn({})) : Number.POSITIVE_INFINITY;
  const source = feed(inner);
  const subNode = node.Subquery?.Expression as SyntaxNode | null;
  if (!subNode) throw unsupported(`mv-apply without a subquery ('${textOf(node)}')`);
  const sub = compileSubquery(subNode, source.relation, scope);
  return relation(columns, function* (): Iterable<Flow> {
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const lists = targets.map((t) => items(t.fn(r)));
      const n = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
      const rows: Row[] = [];
      for (let i = 0; i < n; i++) {
        const row: Row = { ...r };
        targets.forEach((t, j) => {
          row[t.name] = convert(lists[j]?.[i], t.type);
        });
        if (index) row[index] = i;
        rows.push(row);
      }
      source.set(rows);
      for (const out of sub.rows()) {
        if (out === PAUSE) continue;
        const merged: Row = { ...r, ...out };
        const shaped: Row = {};
        for (const c of columns) shaped[c.name] = merged[c.name] ?? null;
        yield shaped;
      }
    }
  });
}
