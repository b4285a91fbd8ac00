import { nodeClass, type SyntaxNode } from '../kusto.js';
import { emptyOf, type Flow, materialize, PAUSE, type Relation, relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular } from '../tabular.js';
import { groupKey, groupKeyOf, isNull } from '../values.js';

const KINDS = new Set([
  'innerunique',
  'inner',
  'leftouter',
  'rightouter',
  'fullouter',
  'leftanti',
  'anti',
  'leftantisemi',
  'leftsemi',
  'rightanti',
  'rightantisemi',
  'rightsemi',
]);

/** `on x`, `on $left.a == $right.b`: the key column pairs. */
export function keyPairs(clause: SyntaxNode | null | undefined): { left: string; right: string }[] {
  if (!clause || nodeClass(clause) !== 'JoinOnClause') throw unsupported('join without an `on` clause');
  // `$left.a == $right.b and $left.c == $right.d` is two key pairs.
  const conjuncts = (e: SyntaxNode): SyntaxNode[] => {
    const b = e as Ex<'BinaryExpression'>;
    return nodeClass(e) === 'BinaryExpression' && b.Operator?.Text === 'and'
      ? [...conjuncts(b.Left as SyntaxNode), ...conjuncts(b.Right as SyntaxNode)]
      : [e];
  };
  return elements((clause as Ex<'JoinOnClause'>).Expressions)
    .flatMap(conjuncts)
    .map((e) => {
      if (nodeClass(e) === 'NameReference') return { left: nameOf(e), right: nameOf(e) };
      if (nodeClass(e) === 'BinaryExpression') {
        const b = e as Ex<'BinaryExpression'>;
        const sides = [b.Left, b.Right].map((side) => {
          const p = side as Ex<'PathExpression'>;
          if (nodeClass(side) !== 'PathExpression') return undefined;
          return { side: nameOf(p.Expression), column: nameOf(p.Selector) };
        });
        const left = sides.find((s) => s?.side === '$left');
        const right = sides.find((s) => s?.side === '$right');
        if (b.Operator?.Text === '==' && left && right) return { left: left.column, right: right.column };
      }
      throw unsupported(`the join condition '${textOf(e)}'`);
    });
}

export interface KeyColumn {
  name: string;
  empty: '' | null;
}

export function keyOf(row: Row, columns: KeyColumn[]): unknown {
  if (columns.length === 1) {
    const c = columns[0] as KeyColumn;
    const v = row[c.name] ?? c.empty;
    return isNull(v) ? undefined : groupKey(v);
  }
  const values = columns.map((c) => row[c.name] ?? c.empty);
  // Null keys never match, as in Kusto.
  return values.some(isNull) ? undefined : groupKeyOf(values);
}

export function join(node: Ex<'JoinOperator'>, left: Relation, scope: Scope): Relation {
  const kindNode = operatorParameters(node.Parameters).get('kind');
  const kind = kindNode ? textOf(kindNode).toLowerCase() : 'innerunique';
  if (!KINDS.has(kind)) throw unsupported(`join kind=${kind}`);
  const right = compileTabular(node.Expression as SyntaxNode, scope);
  const pairs = keyPairs(node.ConditionClause);
  // Strings are never null in Kusto: a missing string key is '' and matches ''.
  const keyColumn = (rel: Relation, name: string): KeyColumn => {
    const column = rel.columns.find((c) => c.name === name);
    return { name, empty: column ? emptyOf(column) : null };
  };
  const leftKeys = pairs.map((p) => keyColumn(left, p.left));
  const rightKeys = pairs.map((p) => keyColumn(right, p.right));
  const columns = columnsOf(node);
  const leftOnly = kind.startsWith('left') && kind !== 'leftouter' ? true : kind === 'anti';
  const rightOnly = kind === 'rightanti' || kind === 'rightantisemi' || kind === 'rightsemi';
  // Output = left columns then right columns, renamed by the analyzer where they clash (x -> x1).
  const leftNames = left.columns.map((c) => c.name);
  const rightNames = right.columns.map((c) => c.name);
  const outLeft = leftOnly || !rightOnly ? columns.slice(0, leftNames.length).map((c) => c.name) : [];
  const outRight = rightOnly
    ? columns.map((c) => c.name)
    : leftOnly
      ? []
      : columns.slice(leftNames.length).map((c) => c.name);
  if (!rightOnly && !leftOnly && columns.length !== leftNames.length + rightNames.length) {
    throw unsupported(`this join ('${textOf(node)}')`);
  }
  const combine = (l: Row | undefined, r: Row | undefined): Row => {
    const out: Row = {};
    outLeft.forEach((n, i) => {
      out[n] = l ? (l[leftNames[i] as string] ?? null) : null;
    });
    outRight.forEach((n, i) => {
      out[n] = r ? (r[rightNames[i] as string] ?? null) : null;
    });
    return out;
  };

  return relation(columns, function* (): Iterable<Flow> {
    const build = new Map<unknown, Row[]>();
    for (const r of materialize(right)) {
      const key = keyOf(r, rightKeys);
      if (key === undefined) continue;
      const bucket = build.get(key);
      if (bucket) bucket.push(r);
      else build.set(key, [r]);
    }
    const matchedRight = new Set<Row>();
    const trackRight = rightOnly || kind === 'rightouter' || kind === 'fullouter';
    const seenLeftKeys = new Set<unknown>();
    for (const l of left.rows()) {
      if (l === PAUSE) {
        yield l;
        continue;
      }
      const key = keyOf(l, leftKeys);
      const matches = key === undefined ? undefined : build.get(key);
      if (kind === 'innerunique') {
        if (key === undefined || seenLeftKeys.has(key)) continue;
        seenLeftKeys.add(key);
      }
      if (matches && trackRight) for (const r of matches) matchedRight.add(r);
      if (leftOnly) {
        const anti = kind !== 'leftsemi';
        if (anti ? !matches : matches) yield combine(l, undefined);
        continue;
      }
      if (rightOnly) continue;
      if (matches) for (const r of matches) yield combine(l, r);
      else if (kind === 'leftouter' || kind === 'fullouter') yield combine(l, undefined);
    }
    if (rightOnly || kind === 'rightouter' || kind === 'fullouter') {
      for (const bucket of [...build.values(), ...materializeNullKeyed(right, rightKeys, kind)]) {
        for (const r of bucket) {
          const matched = matchedRight.has(r);
          if (kind === 'rightsemi' ? matched : !matched) yield combine(undefined, r);
        }
      }
    }
  });
}

/** Right rows with a null key match nothing, yet rightanti/rightouter/fullouter still output them. */
function materializeNullKeyed(right: Relation, keys: KeyColumn[], kind: string): Row[][] {
  if (kind === 'rightsemi') return [];
  return [materialize(right).filter((r) => keyOf(r, keys) === undefined)];
}
