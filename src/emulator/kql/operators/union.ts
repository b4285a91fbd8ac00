import { nodeClass } from '../kusto.js';
import { type Column, type Flow, PAUSE, type Relation, relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular, tableRelation } from '../tabular.js';

export interface UnionInput {
  name: string;
  rel: Relation;
}

/**
 * Which input column feeds an output column: the same name (numeric types may widen), or, where
 * the inputs disagree on a column's type, Kusto's `name_type` columns (`ReportId_long`,
 * `ReportId_string`). `null` when the input lacks it.
 */
function sourceOf(out: Column, input: Relation): string | null {
  const same = input.columns.find((c) => c.name === out.name);
  if (same) {
    // The analyzer settled the output type; a string column fed a dynamic (AdditionalFields is
    // dynamic in some tables, string in others) takes its JSON text, as tostring() would.
    return same.name;
  }
  const suffix = `_${out.type}`;
  if (out.name.endsWith(suffix)) {
    const base = out.name.slice(0, -suffix.length);
    const typed = input.columns.find((c) => c.name === base && c.type === out.type);
    if (typed) return typed.name;
  }
  return null;
}

/** `Device*`: the tables whose names match, in the database's order. */
export function wildcardTables(wildcard: string, scope: Scope): UnionInput[] {
  const pattern = wildcard.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const matcher = new RegExp(`^${pattern}$`);
  return scope.env.db
    .tables()
    .filter((t) => matcher.test(t.name))
    .map((t) => ({ name: t.name, rel: tableRelation(t.name, scope) }));
}

/**
 * `union [withsource=Col] A, B, Device*, (expr)`, as a source or after a pipe (then the piped
 * input comes first). Columns are matched by name (outer union); the source column holds each
 * row's table name.
 */
export function unionOf(node: Ex<'UnionOperator'>, piped: Relation | undefined, scope: Scope): Relation {
  const params = operatorParameters(node.Parameters);
  const kind = params.get('kind');
  if (kind && textOf(kind).toLowerCase() !== 'outer') throw unsupported(`union kind=${textOf(kind)}`);
  const sourceParam = params.get('withsource');
  const sourceColumn = sourceParam ? nameOf(sourceParam) || textOf(sourceParam) : undefined;
  const inputs: UnionInput[] = [];
  if (piped) inputs.push({ name: piped.source ?? 'union_arg0', rel: piped });
  for (const e of elements(node.Expressions)) {
    const name = nodeClass(e) === 'NameReference' ? nameOf(e) : `union_arg${inputs.length}`;
    if (name.includes('*')) inputs.push(...wildcardTables(name, scope));
    else inputs.push({ name, rel: compileTabular(e, scope) });
  }
  return combine(inputs, columnsOf(node), sourceColumn);
}

/**
 * The rows of several inputs under one schema (`output`, from the analyzer), each input's
 * columns matched by `sourceOf`; `keep` filters input rows before they are reshaped.
 */
export function combine(
  inputs: readonly UnionInput[],
  output: readonly Column[],
  sourceColumn: string | undefined,
  keep: (row: Row, input: Relation) => boolean = () => true,
): Relation {
  const columns = output.filter((c) => c.name !== sourceColumn);
  const sources = inputs.map((input) => columns.map((c) => sourceOf(c, input.rel)));
  columns.forEach((c, i) => {
    if (sources.every((s) => s[i] === null)) throw unsupported(`the union column '${c.name}'`);
  });
  return relation(output, function* (): Iterable<Flow> {
    for (const [n, input] of inputs.entries()) {
      const from = sources[n] as (string | null)[];
      for (const r of input.rel.rows()) {
        if (r === PAUSE) {
          yield r;
          continue;
        }
        if (!keep(r, input.rel)) continue;
        const out: Row = {};
        if (sourceColumn !== undefined) out[sourceColumn] = input.name;
        columns.forEach((c, i) => {
          const source = from[i];
          out[c.name] = source === null || source === undefined ? null : (r[source] ?? null);
        });
        yield out;
      }
    }
  });
}
