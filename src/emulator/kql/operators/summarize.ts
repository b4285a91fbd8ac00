import { type Accumulator, AGGREGATES, CARRYING } from '../aggregates.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { groupKey, groupKeyOf } from '../values.js';
import { namedExpression } from './basic.js';
import { collect } from './stream.js';

interface CompiledAggregate {
  start: () => Accumulator;
  width: number;
}

function compileAggregate(
  node: SyntaxNode,
  input: Relation,
  byNames: Set<string>,
  scope: Scope,
): CompiledAggregate {
  // `(LastSeen, Name) = arg_max(Timestamp, FileName)`: the tuple names the aggregate's columns,
  // which the analyzer already put in the output schema.
  const expression =
    nodeClass(node) === 'CompoundNamedExpression'
      ? ((node as Ex<'CompoundNamedExpression'>).Expression as SyntaxNode)
      : namedExpression(node).expression;
  const name =
    nodeClass(expression) === 'FunctionCallExpression'
      ? nameOf((expression as Ex<'FunctionCallExpression'>).Name).toLowerCase()
      : '';
  const factory = AGGREGATES[name];
  if (!factory) return compositeAggregate(expression, input, byNames, scope);
  const call = expression as Ex<'FunctionCallExpression'>;
  const argNodes = elements(call.ArgumentList?.Expressions);
  const star = argNodes.some((a) => nodeClass(a) === 'StarExpression');
  const valueNodes = argNodes.filter((a) => nodeClass(a) !== 'StarExpression');
  let extra: Scalar[] = [];
  let args: Scalar[];
  if (CARRYING.has(name)) {
    const carrying = name.startsWith('arg');
    const carried = carrying ? valueNodes.slice(1) : [];
    args = (carrying ? valueNodes.slice(0, 1) : valueNodes).map((a) => compileScalar(a, scope).fn);
    if (star) {
      const first = valueNodes[0];
      const skip = carrying && first && nodeClass(first) === 'NameReference' ? nameOf(first) : '';
      extra = input.columns
        .map((c) => c.name)
        .filter((c) => !byNames.has(c) && c !== skip)
        .map((c) => (row: Row) => row[c] ?? null);
    } else {
      extra = carried.map((c) => compileScalar(c, scope).fn);
    }
  } else {
    if (star) throw unsupported(`'*' in ${name}()`);
    args = valueNodes.map((a) => compileScalar(a, scope).fn);
    // `percentiles(x, 50, 95)`: one column per percentile.
    return { start: factory(args, extra), width: name === 'percentiles' ? args.length - 1 : 1 };
  }
  return { start: factory(args, extra), width: args.length + extra.length };
}

/** The aggregate calls inside an expression (not inside other aggregate calls). */
function innerAggregates(node: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] {
  if (
    nodeClass(node) === 'FunctionCallExpression' &&
    AGGREGATES[nameOf((node as Ex<'FunctionCallExpression'>).Name).toLowerCase()]
  ) {
    out.push(node);
    return out;
  }
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i) as SyntaxNode | null;
    if (child) innerAggregates(child, out);
  }
  return out;
}

/**
 * A scalar expression over aggregates (`iff(count() > 5, "many", "few")`,
 * `tostring(make_set(x))`): each inner aggregate runs per group, and the expression is evaluated
 * on their results when the group is complete.
 */
function compositeAggregate(
  expression: SyntaxNode,
  input: Relation,
  byNames: Set<string>,
  scope: Scope,
): CompiledAggregate {
  const nodes = innerAggregates(expression);
  if (nodes.length === 0) {
    const call = expression as Ex<'FunctionCallExpression'>;
    throw unsupported(
      nodeClass(expression) === 'FunctionCallExpression'
        ? `the aggregation function '${nameOf(call.Name)}()'`
        : `the aggregate '${textOf(expression)}'`,
    );
  }
  const inner = nodes.map((n) => compileAggregate(n, input, byNames, scope));
  const slots: unknown[] = new Array(nodes.length).fill(null);
  const overrides = new Map(nodes.map((n, i) => [n, () => slots[i]] as const));
  const outer = compileScalar(expression, { ...scope, overrides }).fn;
  return {
    width: 1,
    start: () => {
      const accumulators = inner.map((a) => a.start());
      return {
        add(row) {
          for (const a of accumulators) a.add(row);
        },
        result() {
          accumulators.forEach((a, i) => {
            slots[i] = a.result()[0] ?? null;
          });
          return [outer({})];
        },
      };
    },
  };
}

interface Group {
  keys: unknown[];
  accumulators: Accumulator[];
}

export function summarize(node: Ex<'SummarizeOperator'>, input: Relation, scope: Scope): Relation {
  const columns = columnsOf(node);
  const byItems = elements(node.ByClause?.Expressions).map(namedExpression);
  const byFns = byItems.map((b) => compileScalar(b.expression, scope).fn);
  const byNames = new Set(
    byItems.filter((b) => nodeClass(b.expression) === 'NameReference').map((b) => nameOf(b.expression)),
  );
  const aggregates = elements(node.Aggregates).map((a) => compileAggregate(a, input, byNames, scope));
  const width = byFns.length + aggregates.reduce((n, a) => n + a.width, 0);
  if (width !== columns.length) throw unsupported(`this form of summarize ('${textOf(node)}')`);
  const names = columns.map((c) => c.name);

  return collect(input, columns, () => {
    const groups = new Map<unknown, Group>();
    const newGroup = (keys: unknown[]): Group => ({ keys, accumulators: aggregates.map((a) => a.start()) });
    return {
      add(r: Row) {
        // One `by` column is the common case: no key array to allocate per row.
        const single = byFns.length === 1 ? (byFns[0] as Scalar)(r) : undefined;
        const keys = byFns.length === 1 ? undefined : byFns.map((fn) => fn(r));
        const key = keys ? groupKeyOf(keys) : groupKey(single);
        let group = groups.get(key);
        if (!group) {
          group = newGroup(keys ?? [single]);
          groups.set(key, group);
        }
        for (const acc of group.accumulators) acc.add(r);
      },
      *finish() {
        // Without `by`, summarize always yields one row, even over no input.
        if (byFns.length === 0 && groups.size === 0) groups.set(null, newGroup([]));
        for (const group of groups.values()) {
          const values = [...group.keys, ...group.accumulators.flatMap((a) => a.result())];
          const out: Row = {};
          names.forEach((n, i) => {
            out[n] = values[i] ?? null;
          });
          yield out;
        }
      },
    };
  });
}
