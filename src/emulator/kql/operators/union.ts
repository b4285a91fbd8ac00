import { nodeClass } from '../kusto.js';
import { type Flow, PAUSE, type Relation, relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular } from '../tabular.js';

/**
 * `union [withsource=Col] A, B, ...`, as a source or after a pipe (then the piped input comes first).
 * Columns are matched by name (outer union); the source column holds each row's table name.
 */
export function unionOf(node: Ex<'UnionOperator'>, piped: Relation | undefined, scope: Scope): Relation {
  const params = operatorParameters(node.Parameters);
  const kind = params.get('kind');
  if (kind && textOf(kind).toLowerCase() !== 'outer') throw unsupported(`union kind=${textOf(kind)}`);
  const sourceParam = params.get('withsource');
  const sourceColumn = sourceParam ? nameOf(sourceParam) || textOf(sourceParam) : undefined;
  const inputs: { name: string; rel: Relation }[] = [];
  if (piped) inputs.push({ name: piped.source ?? 'union_arg0', rel: piped });
  for (const e of elements(node.Expressions)) {
    if (nodeClass(e) === 'WildcardedNameReference')
      throw unsupported(`wildcard table names in union ('${textOf(e)}')`);
    const name = nodeClass(e) === 'NameReference' ? nameOf(e) : `union_arg${inputs.length}`;
    inputs.push({ name, rel: compileTabular(e, scope) });
  }
  const columns = columnsOf(node);
  const outNames = columns.map((c) => c.name);
  for (const c of columns) {
    const known =
      c.name === sourceColumn || inputs.some((i) => i.rel.columns.some((ic) => ic.name === c.name));
    // Same-named columns of different types become `x_long`, `x_string`: not emulated.
    if (!known) throw unsupported(`union of columns with different types ('${c.name}')`);
  }
  return relation(columns, function* (): Iterable<Flow> {
    for (const input of inputs) {
      const present = new Set(input.rel.columns.map((c) => c.name));
      for (const r of input.rel.rows()) {
        if (r === PAUSE) {
          yield r;
          continue;
        }
        const out: Row = {};
        for (const n of outNames)
          out[n] = n === sourceColumn ? input.name : present.has(n) ? (r[n] ?? null) : null;
        yield out;
      }
    }
  });
}
