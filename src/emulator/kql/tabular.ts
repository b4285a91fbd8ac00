import { callUserFunction } from './functions-user.js';
import { kqlTypeOf, nodeClass, type SyntaxNode, toArray } from './kusto.js';
import { applyOperator } from './operators/index.js';
import { search } from './operators/search.js';
import { unionOf } from './operators/union.js';
import { type Column, type Flow, PAUSE, type Relation, relation } from './relation.js';
import { compileScalar } from './scalar.js';
import type { Env } from './scope.js';
import { type Binding, type Scope, withBinding } from './scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from './syntax.js';
import type { HuntingTable, Row } from './table.js';

/** Rows between two yield points: small enough to react to an abort quickly, large enough to be cheap. */
const PAUSE_EVERY = 4096;

/** Is this expression tabular, according to the analyzer? */
export function isTabular(node: SyntaxNode): boolean {
  const type = (node as Kusto.Language.Syntax.Expression).ResultType;
  return type != null && nodeClass(type) === 'TableSymbol';
}

/** The analyzer's output schema of a tabular node: names, order and types Kusto would produce. */
export function columnsOf(node: SyntaxNode): Column[] {
  const type = (node as Kusto.Language.Syntax.Expression)
    .ResultType as Kusto.Language.Symbols.TableSymbol | null;
  return toArray<Kusto.Language.Symbols.ColumnSymbol>(type?.Columns).map((c) => ({
    name: c.Name ?? '',
    type: kqlTypeOf(c.Type),
  }));
}

/** A table scan, limited to the request's time window on `Timestamp`, with yield points. */
function scan(table: HuntingTable, env: Env): Relation {
  const timed = table.columns.some((c) => c.name === 'Timestamp' && c.type === 'datetime');
  const { start } = env.window;
  // Nothing has happened after now: activity the world schedules later in its day stays hidden.
  const end = Math.min(env.window.end, env.now);
  const rel = relation(
    table.columns.map((c) => ({ name: c.name, type: c.type })),
    function* (): Iterable<Flow> {
      let n = 0;
      for (const row of table.rows()) {
        if (++n % PAUSE_EVERY === 0) {
          env.check();
          yield PAUSE;
        }
        if (timed) {
          const t = row.Timestamp;
          if (typeof t !== 'number' || t < start || t > end) continue;
        }
        yield row;
      }
    },
  );
  return { ...rel, source: table.name };
}

function dataTable(node: Ex<'DataTableExpression'>, scope: Scope): Relation {
  const columns = columnsOf(node);
  const values = elements(node.Values).map((v) => compileScalar(v, scope).fn({}));
  const rows: Row[] = [];
  for (let i = 0; i + columns.length <= values.length; i += columns.length) {
    const row: Row = {};
    columns.forEach((c, j) => {
      row[c.name] = values[i + j] ?? null;
    });
    rows.push(row);
  }
  return relation(columns, () => rows);
}

/** A database table by name, scanned within the request's time window. */
export function tableRelation(name: string, scope: Scope): Relation {
  const table = scope.env.db.table(name);
  if (!table) throw unsupported(`the table '${name}'`);
  return scan(table, scope.env);
}

function nameReference(node: SyntaxNode, scope: Scope): Relation {
  const name = nameOf(node);
  const binding = scope.bindings.get(name);
  if (binding?.kind === 'tabular') return { ...binding.relation(), source: name };
  if (binding?.kind === 'function') return callUserFunction(binding, [], scope, 'tabular');
  return tableRelation(name, scope);
}

/** Compiles a tabular expression to a lazy relation. */
export function compileTabular(node: SyntaxNode, scope: Scope): Relation {
  switch (nodeClass(node)) {
    case 'NameReference':
      return nameReference(node, scope);
    case 'ParenthesizedExpression':
      return compileTabular((node as Ex<'ParenthesizedExpression'>).Expression as SyntaxNode, scope);
    case 'PipeExpression': {
      const pipe = node as Ex<'PipeExpression'>;
      const input = compileTabular(pipe.Expression as SyntaxNode, scope);
      return applyOperator(pipe.Operator as SyntaxNode, input, scope);
    }
    case 'MaterializeExpression':
      // Our relations are re-readable, so materialize() only has to evaluate its argument.
      return compileTabular((node as Ex<'MaterializeExpression'>).Expression as SyntaxNode, scope);
    case 'DataTableExpression':
      return dataTable(node as Ex<'DataTableExpression'>, scope);
    case 'UnionOperator':
      return unionOf(node as Ex<'UnionOperator'>, undefined, scope);
    case 'SearchOperator':
      return search(node as Ex<'SearchOperator'>, undefined, scope);
    case 'FunctionCallExpression': {
      const callNode = node as Ex<'FunctionCallExpression'>;
      const name = nameOf(callNode.Name);
      const args = elements(callNode.ArgumentList?.Expressions);
      const binding = scope.bindings.get(name);
      if (binding?.kind === 'function') return callUserFunction(binding, args, scope, 'tabular');
      if (name === 'table' && args[0])
        return tableRelation(String(compileScalar(args[0], scope).fn({})), scope);
      // AssignedIPAddresses(): the emulator keeps no IP assignment history, so no rows.
      if (scope.env.db.functions?.().some((f) => f.name === name && !f.invoked))
        return relation(columnsOf(node), () => []);
      throw unsupported(`the tabular function '${name}()'`);
    }
    default:
      if (nodeClass(node).endsWith('Operator')) {
        return applyOperator(
          node,
          relation([], () => [{}]),
          scope,
        );
      }
      throw unsupported(`the tabular expression '${textOf(node)}' (${nodeClass(node)})`);
  }
}

/** Processes `let` statements in order, each seeing the ones before it. */
export function compileStatements(statements: SyntaxNode[], scope: Scope): Scope {
  let current = scope;
  for (const statement of statements) {
    if (nodeClass(statement) !== 'LetStatement') continue;
    const let_ = statement as Ex<'LetStatement'>;
    const name = nameOf(let_.Name);
    const value = let_.Expression as SyntaxNode;
    current = withBinding(current, name, bindingFor(value, current));
  }
  return current;
}

function bindingFor(value: SyntaxNode, scope: Scope): Binding {
  if (nodeClass(value) === 'FunctionDeclaration') {
    return { kind: 'function', declaration: value as Ex<'FunctionDeclaration'>, scope };
  }
  if (isTabular(value)) {
    const rel = compileTabular(value, scope);
    return { kind: 'tabular', relation: () => rel };
  }
  // A scalar `let` is evaluated once, before any row exists.
  const compiled = compileScalar(value, scope);
  let cached: { v: unknown } | undefined;
  return {
    kind: 'scalar',
    compiled: {
      type: compiled.type,
      fn: () => {
        cached ??= { v: compiled.fn({}) };
        return cached.v;
      },
    },
  };
}
