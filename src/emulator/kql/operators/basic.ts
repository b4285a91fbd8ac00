import { Tuple } from '../functions-series.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import { type Column, type Flow, PAUSE, type Relation, relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { groupKeyOf } from '../values.js';
import { collect, mapRows, reshape } from './stream.js';

export function where(node: Ex<'FilterOperator'>, input: Relation, scope: Scope): Relation {
  const predicate = compileScalar(node.Condition as SyntaxNode, scope).fn;
  return mapRows(input, input.columns, (r) => (predicate(r) === true ? r : undefined));
}

/** An expression of project/extend/summarize: `name = expr` or a bare expression. */
export function namedExpression(node: SyntaxNode): { name?: string; expression: SyntaxNode } {
  if (nodeClass(node) === 'SimpleNamedExpression') {
    const named = node as Ex<'SimpleNamedExpression'>;
    return { name: nameOf(named.Name), expression: named.Expression as SyntaxNode };
  }
  if (nodeClass(node) === 'CompoundNamedExpression')
    throw unsupported(`the tuple assignment '${textOf(node)}'`);
  return { expression: node, ...(nodeClass(node) === 'NameReference' ? { name: nameOf(node) } : {}) };
}

/** `(a, b, c) = f(x)`: the names a tuple-valued function's results go to. */
function tupleItem(node: SyntaxNode): { names: string[]; expression: SyntaxNode } {
  const compound = node as Ex<'CompoundNamedExpression'>;
  return {
    names: elements(compound.Names?.Names).map((n) => nameOf(n)),
    expression: compound.Expression as SyntaxNode,
  };
}

export function project(node: Ex<'ProjectOperator'>, input: Relation, scope: Scope): Relation {
  const columns = columnsOf(node);
  const exprs = elements(node.Expressions).map((e) => compileScalar(namedExpression(e).expression, scope).fn);
  if (exprs.length !== columns.length) throw unsupported(`this form of project ('${textOf(node)}')`);
  const names = columns.map((c) => c.name);
  return mapRows(input, columns, (r) => {
    const out: Row = {};
    for (let i = 0; i < names.length; i++) out[names[i] as string] = (exprs[i] as Scalar)(r);
    return out;
  });
}

export function extend(node: Ex<'ExtendOperator'>, input: Relation, scope: Scope): Relation {
  const columns = columnsOf(node);
  const inputNames = new Set(input.columns.map((c) => c.name));
  const nodes = elements(node.Expressions);
  const items = nodes.map((e) =>
    nodeClass(e) === 'CompoundNamedExpression' ? tupleItem(e) : namedExpression(e),
  );
  const explicit = new Set(
    items.flatMap((i) => ('names' in i ? i.names : i.name !== undefined ? [i.name] : [])),
  );
  const generated = columns.map((c) => c.name).filter((n) => !inputNames.has(n) && !explicit.has(n));
  const inner = { ...scope, columns: [...inputNames] };
  const assignments = items.map((item) => {
    const fn = compileScalar(item.expression, inner).fn;
    if ('names' in item) return { names: item.names, fn };
    const name = item.name ?? generated.shift();
    if (name === undefined) throw unsupported(`this form of extend ('${textOf(node)}')`);
    return { names: [name], fn, single: true };
  });
  return mapRows(input, columns, (r) => {
    const out: Row = { ...r };
    // Later expressions see earlier ones: `extend a = 1, b = a + 1`.
    for (const a of assignments) {
      const v = a.fn(out);
      if (a.single) out[a.names[0] as string] = v;
      else
        a.names.forEach((n, i) => {
          out[n] = v instanceof Tuple ? (v.values[i] ?? null) : null;
        });
    }
    return out;
  });
}

export function projectAway(node: SyntaxNode, input: Relation): Relation {
  const columns = columnsOf(node);
  return mapRows(
    input,
    columns,
    reshape(columns, (n) => n),
  );
}

export function projectRename(node: Ex<'ProjectRenameOperator'>, input: Relation): Relation {
  const columns = columnsOf(node);
  const renames = new Map<string, string>();
  for (const e of elements(node.Expressions)) {
    const { name, expression } = namedExpression(e);
    if (name === undefined || nodeClass(expression) !== 'NameReference') throw unsupported(textOf(e));
    renames.set(name, nameOf(expression));
  }
  return mapRows(
    input,
    columns,
    reshape(columns, (n) => renames.get(n) ?? n),
  );
}

export function take(node: SyntaxNode, count: SyntaxNode, input: Relation, scope: Scope): Relation {
  const n = Number(compileScalar(count, scope).fn({}));
  if (!Number.isFinite(n)) throw unsupported(`the row count of '${textOf(node)}'`);
  return relation(input.columns, function* (): Iterable<Flow> {
    if (n <= 0) return;
    let taken = 0;
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      yield r;
      if (++taken >= n) return;
    }
  });
}

export function count(node: SyntaxNode, input: Relation): Relation {
  const [column] = columnsOf(node);
  const name = column?.name ?? 'Count';
  return collect(input, columnsOf(node), () => {
    let n = 0;
    return {
      add: () => {
        n++;
      },
      finish: () => [{ [name]: n }],
    };
  });
}

export function distinct(node: Ex<'DistinctOperator'>, input: Relation): Relation {
  const columns = columnsOf(node);
  const pick = reshape(columns, (n) => n);
  const names = columns.map((c) => c.name);
  return collect(input, columns, () => {
    const seen = new Map<unknown, Row>();
    return {
      add: (r) => {
        const out = pick(r);
        const key = groupKeyOf(names.map((n) => out[n]));
        if (!seen.has(key)) seen.set(key, out);
      },
      finish: () => seen.values(),
    };
  });
}

const CLR_TYPES: Record<string, string> = {
  string: 'System.String',
  guid: 'System.Guid',
  long: 'System.Int64',
  int: 'System.Int32',
  real: 'System.Double',
  bool: 'System.SByte',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  dynamic: 'System.Object',
};

export function getschema(node: SyntaxNode, input: Relation): Relation {
  const rows = input.columns.map((c: Column, i) => ({
    ColumnName: c.name,
    ColumnOrdinal: i,
    DataType: CLR_TYPES[c.type] ?? 'System.Object',
    ColumnType: c.type,
  }));
  return relation(columnsOf(node), () => rows);
}

/** `range x from a to b step s`: one row per value, `b` inclusive (numbers, datetimes, timespans). */
export function range(node: Ex<'RangeOperator'>, scope: Scope): Relation {
  const columns = columnsOf(node);
  const name = nameOf(node.Name);
  const [from, to, step] = [node.From, node.To, node.Step].map((n) =>
    Number(compileScalar(n as SyntaxNode, scope).fn({})),
  ) as [number, number, number];
  if (!(step !== 0 && Number.isFinite(from) && Number.isFinite(to)) || (to - from) / step > 10_000_000)
    throw unsupported(`this range ('${textOf(node)}')`);
  return relation(columns, function* (): Iterable<Flow> {
    let n = 0;
    for (let v = from; step > 0 ? v <= to : v >= to; v += step) {
      if (++n % 4096 === 0) yield PAUSE;
      yield { [name]: v };
    }
  });
}
