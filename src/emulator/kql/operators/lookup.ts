import type { SyntaxNode } from '../kusto.js';
import { emptyOf, type Flow, materialize, PAUSE, type Relation, relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular } from '../tabular.js';
import { type KeyColumn, keyOf, keyPairs } from './join.js';

/**
 * `lookup [kind=leftouter|inner] (Dimension) on keys`: each left row extended with the columns of
 * its matching right rows (Kusto docs: the keys appear once; leftouter is the default and keeps
 * unmatched rows with empty right columns).
 */
export function lookup(node: Ex<'LookupOperator'>, left: Relation, scope: Scope): Relation {
  const kindNode = operatorParameters(node.Parameters).get('kind');
  const kind = kindNode ? textOf(kindNode).toLowerCase() : 'leftouter';
  if (kind !== 'leftouter' && kind !== 'inner') throw unsupported(`lookup kind=${kind}`);
  const right = compileTabular(node.Expression as SyntaxNode, scope);
  const pairs = keyPairs(node.LookupClause);
  const key = (rel: Relation, name: string): KeyColumn => ({
    name,
    empty: emptyOf(rel.columns.find((c) => c.name === name)),
  });
  const leftKeys = pairs.map((p) => key(left, p.left));
  const rightKeys = pairs.map((p) => key(right, p.right));
  const rightKeyNames = new Set(pairs.map((p) => p.right));
  const columns = columnsOf(node);
  const rightNames = right.columns.map((c) => c.name).filter((n) => !rightKeyNames.has(n));
  const outRight = columns.slice(left.columns.length).map((c) => c.name);
  if (outRight.length !== rightNames.length) throw unsupported(`this lookup ('${textOf(node)}')`);
  return relation(columns, function* (): Iterable<Flow> {
    const build = new Map<unknown, Row[]>();
    for (const r of materialize(right)) {
      const k = keyOf(r, rightKeys);
      if (k !== undefined) build.set(k, [...(build.get(k) ?? []), r]);
    }
    for (const l of left.rows()) {
      if (l === PAUSE) {
        yield l;
        continue;
      }
      const k = keyOf(l, leftKeys);
      const matches = k === undefined ? undefined : build.get(k);
      const extended = (r: Row | undefined): Row => {
        const out: Row = { ...l };
        outRight.forEach((n, i) => {
          out[n] = r ? (r[rightNames[i] as string] ?? null) : null;
        });
        return out;
      };
      if (matches) for (const r of matches) yield extended(r);
      else if (kind === 'leftouter') yield extended(undefined);
    }
  });
}
