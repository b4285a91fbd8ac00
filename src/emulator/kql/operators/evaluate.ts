import { AGGREGATES } from '../aggregates.js';
import { ipv4InRange } from '../functions-ip.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import { type Column, emptyOf, type Flow, materialize, PAUSE, type Relation, relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from '../syntax.js';
import { KqlError, type KqlType, type Row } from '../table.js';
import { columnsOf, compileTabular } from '../tabular.js';
import { groupKeyOf, str } from '../values.js';

/**
 * `evaluate` plugins hunts use: pivot, bag_unpack, ipv4_lookup. pivot and bag_unpack make columns
 * from the data, so the analyzer only knows part of their schema (an "open" table): the rest is
 * found when the rows are read, and appended after the known columns, sorted by name (Kusto's
 * docs show bag_unpack's new columns in name order; the emulator does the same for pivot).
 */
export function evaluate(node: Ex<'EvaluateOperator'>, input: Relation, scope: Scope): Relation {
  const call = node.FunctionCall as Ex<'FunctionCallExpression'> | null;
  const name = nameOf(call?.Name).toLowerCase();
  const args = elements(call?.ArgumentList?.Expressions);
  switch (name) {
    case 'bag_unpack':
      return bagUnpack(node, args, input, scope);
    case 'pivot':
      return pivot(node, args, input, scope);
    case 'ipv4_lookup':
      return ipv4Lookup(node, args, input, scope);
    default:
      throw unsupported(`the 'evaluate' plugin '${name}' ('${textOf(node)}')`);
  }
}

/** A relation whose columns are known only once its rows are: both computed on first use. */
function discovered(compute: () => { columns: Column[]; rows: Row[] }): Relation {
  let result: { columns: Column[]; rows: Row[] } | undefined;
  const get = () => {
    result ??= compute();
    return result;
  };
  return {
    get columns() {
      return get().columns;
    },
    rows: () => get().rows,
  };
}

function typeOfValues(values: unknown[]): KqlType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'string';
  if (present.every((v) => typeof v === 'boolean')) return 'bool';
  if (present.every((v) => typeof v === 'number')) return present.every(Number.isInteger) ? 'long' : 'real';
  if (present.every((v) => typeof v === 'string')) return 'string';
  return 'dynamic';
}

/** Columns known from the analyzer, then the discovered ones (each typed from its values). */
function widen(known: readonly Column[], open: boolean, rows: Row[], names: Iterable<string>): Column[] {
  if (!open) return [...known];
  const have = new Set(known.map((c) => c.name));
  const added = [...new Set(names)].filter((n) => !have.has(n)).sort();
  return [...known, ...added.map((n) => ({ name: n, type: typeOfValues(rows.map((r) => r[n])) }))];
}

function isOpen(node: SyntaxNode): boolean {
  const type = (node as Kusto.Language.Syntax.Expression).ResultType as { IsOpen?: boolean } | null;
  return type?.IsOpen === true;
}

function shape(columns: readonly Column[], rows: Row[]): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const c of columns) out[c.name] = r[c.name] ?? emptyOf(c);
    return out;
  });
}

/** `bag_unpack(col[, prefix[, columnsConflict[, ignoredProperties]]])`: one column per key. */
function bagUnpack(
  node: Ex<'EvaluateOperator'>,
  args: SyntaxNode[],
  input: Relation,
  scope: Scope,
): Relation {
  const [bagNode, prefixNode, conflictNode, ignoredNode] = args;
  if (!bagNode) throw unsupported(`bag_unpack without a column ('${textOf(node)}')`);
  const bag = compileScalar(bagNode, scope).fn;
  const source = nodeClass(bagNode) === 'NameReference' ? nameOf(bagNode) : undefined;
  const prefix = prefixNode ? str(compileScalar(prefixNode, scope).fn({})) : '';
  const conflict = conflictNode ? str(compileScalar(conflictNode, scope).fn({})) : 'error';
  const ignoredValue = ignoredNode ? compileScalar(ignoredNode, scope).fn({}) : [];
  const ignored = new Set(Array.isArray(ignoredValue) ? ignoredValue.map(str) : []);
  const known = columnsOf(node);
  const open = isOpen(node);
  return discovered(() => {
    const inputNames = new Set(input.columns.map((c) => c.name).filter((n) => n !== source));
    const keys: string[] = [];
    const rows = materialize(input).map((r) => {
      const out: Row = { ...r };
      if (source) delete out[source];
      const value = bag(r);
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
          if (ignored.has(k)) continue;
          const column = `${prefix}${k}`;
          if (inputNames.has(column)) {
            if (conflict === 'error')
              throw new KqlError(
                'semantic',
                `bag_unpack: the column '${column}' already exists in the input`,
              );
            if (conflict === 'keep_source') continue;
          }
          out[column] = v;
          keys.push(column);
        }
      }
      return out;
    });
    const columns = widen(known, open, rows, keys);
    return { columns, rows: shape(columns, rows) };
  });
}

/** `pivot(col[, agg(x) = count()[, by1, by2...]])`: one column per distinct value of col. */
function pivot(node: Ex<'EvaluateOperator'>, args: SyntaxNode[], input: Relation, scope: Scope): Relation {
  const [pivotNode, aggNode, ...byNodes] = args;
  if (!pivotNode) throw unsupported(`pivot without a column ('${textOf(node)}')`);
  const pivotOn = compileScalar(pivotNode, scope).fn;
  let aggregate = AGGREGATES.count;
  let aggArgs: Scalar[] = [];
  const referenced = new Set<string>([nameOf(pivotNode)]);
  if (aggNode) {
    if (nodeClass(aggNode) !== 'FunctionCallExpression')
      throw unsupported(`the pivot aggregate '${textOf(aggNode)}'`);
    const aggCall = aggNode as Ex<'FunctionCallExpression'>;
    aggregate = AGGREGATES[nameOf(aggCall.Name).toLowerCase()];
    const aggArgNodes = elements(aggCall.ArgumentList?.Expressions);
    aggArgs = aggArgNodes.map((a) => compileScalar(a, scope).fn);
    for (const a of aggArgNodes) if (nodeClass(a) === 'NameReference') referenced.add(nameOf(a));
  }
  if (!aggregate) throw unsupported(`the pivot aggregate '${textOf(aggNode as SyntaxNode)}'`);
  const start = aggregate;
  const byNames = byNodes.length
    ? byNodes.map((b) => nameOf(b))
    : input.columns.map((c) => c.name).filter((n) => !referenced.has(n));
  const known = columnsOf(node);
  const open = isOpen(node);
  return discovered(() => {
    const groups = new Map<
      unknown,
      { keys: Row; cells: Map<string, ReturnType<ReturnType<typeof start>>> }
    >();
    const values = new Set<string>();
    for (const r of materialize(input)) {
      const keys: Row = {};
      for (const n of byNames) keys[n] = r[n] ?? null;
      const key = groupKeyOf(byNames.map((n) => keys[n]));
      let group = groups.get(key);
      if (!group) {
        group = { keys, cells: new Map() };
        groups.set(key, group);
      }
      const value = str(pivotOn(r));
      values.add(value);
      let cell = group.cells.get(value);
      if (!cell) {
        cell = start(aggArgs, [])();
        group.cells.set(value, cell);
      }
      cell.add(r);
    }
    const counting = !aggNode || /^count/i.test(nameOf((aggNode as Ex<'FunctionCallExpression'>).Name));
    const rows = [...groups.values()].map((g) => {
      const out: Row = { ...g.keys };
      for (const v of values) out[v] = g.cells.get(v)?.result()[0] ?? (counting ? 0 : null);
      return out;
    });
    const columns = widen(known, open, rows, values);
    return { columns, rows: shape(columns, rows) };
  });
}

/** `ipv4_lookup(Table, ip, range[, return_unmatched])`: input rows joined to the CIDR ranges holding their IP. */
function ipv4Lookup(
  node: Ex<'EvaluateOperator'>,
  args: SyntaxNode[],
  input: Relation,
  scope: Scope,
): Relation {
  const [tableNode, ipNode, rangeNode, unmatchedNode] = args;
  if (!tableNode || !ipNode || !rangeNode) throw unsupported(`this form of ipv4_lookup ('${textOf(node)}')`);
  const lookupTable = compileTabular(tableNode, scope);
  const ip = compileScalar(ipNode, scope).fn;
  const rangeName = nameOf(rangeNode);
  const unmatchedValue = unmatchedNode
    ? compileScalar(
        nodeClass(unmatchedNode) === 'SimpleNamedExpression'
          ? ((unmatchedNode as Ex<'SimpleNamedExpression'>).Expression as SyntaxNode)
          : unmatchedNode,
        scope,
      ).fn({})
    : false;
  const columns = columnsOf(node);
  const lookupNames = lookupTable.columns.map((c) => c.name);
  return relation(columns, function* (): Iterable<Flow> {
    const ranges = materialize(lookupTable);
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const address = ip(r);
      const match = ranges.find((l) => ipv4InRange(address, l[rangeName]) === true);
      if (!match && unmatchedValue !== true) continue;
      const out: Row = { ...r };
      for (const n of lookupNames) out[n] = match ? (match[n] ?? null) : null;
      const shaped: Row = {};
      for (const c of columns) shaped[c.name] = out[c.name] ?? emptyOf(c);
      yield shaped;
    }
  });
}
