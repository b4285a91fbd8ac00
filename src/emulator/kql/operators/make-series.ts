import { type Accumulator, AGGREGATES } from '../aggregates.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { formatDatetime, groupKeyOf } from '../values.js';
import { namedExpression } from './basic.js';
import { collect } from './stream.js';

interface SeriesAggregate {
  fn: Scalar[];
  factory: (typeof AGGREGATES)[string];
  fallback: unknown;
}

interface Range {
  start?: Scalar;
  end?: Scalar;
  step: Scalar;
}

function rangeOf(node: Ex<'MakeSeriesOperator'>, scope: Scope): Range {
  const clause = node.RangeClause as SyntaxNode | null;
  const scalar = (n: SyntaxNode | null | undefined) => (n ? compileScalar(n, scope).fn : undefined);
  if (clause && nodeClass(clause) === 'MakeSeriesInRangeClause') {
    const [start, end, step] = elements((clause as Ex<'MakeSeriesInRangeClause'>).Arguments?.Expressions);
    const s = scalar(step);
    if (!s) throw unsupported(`make-series without a step ('${textOf(node)}')`);
    return { start: scalar(start), end: scalar(end), step: s };
  }
  const ranged = clause as Ex<'MakeSeriesFromToStepClause'> | null;
  const step = scalar(ranged?.MakeSeriesStepClause?.Expression as SyntaxNode | undefined);
  if (!step) throw unsupported(`make-series without a step ('${textOf(node)}')`);
  return {
    start: scalar(ranged?.MakeSeriesFromClause?.Expression as SyntaxNode | undefined),
    end: scalar(ranged?.MakeSeriesToClause?.Expression as SyntaxNode | undefined),
    step,
  };
}

/**
 * `make-series A = agg(x) [default = d], ... on T [from s] [to e] step p [by K, ...]`: per group,
 * one array per aggregate with one value per bin in [s, e) (s, s+p, ...), `d` (0 by default) where
 * a bin has no row, and the axis itself as an array of bin starts. Without `from`/`to` the range is
 * the data's, its first bin aligned on the step (Kusto docs: make-series operator).
 */
export function makeSeries(node: Ex<'MakeSeriesOperator'>, input: Relation, scope: Scope): Relation {
  if ([...operatorParameters(node.Parameters).keys()].some((k) => k !== 'kind'))
    throw unsupported(`make-series parameters ('${textOf(node)}')`);
  const columns = columnsOf(node);
  const axisNode = node.OnClause?.Expression as SyntaxNode | null;
  if (!axisNode) throw unsupported(`make-series without 'on' ('${textOf(node)}')`);
  const axis = compileScalar(axisNode, scope);
  const isTime = axis.type === 'datetime';
  const range = rangeOf(node, scope);
  const byFns = elements(node.ByClause?.Expressions).map(
    (b) => compileScalar(namedExpression(b).expression, scope).fn,
  );
  const aggregates: SeriesAggregate[] = elements<Ex<'MakeSeriesExpression'>>(node.Aggregates).map((a) => {
    const call = namedExpression(a.Expression as SyntaxNode).expression;
    if (nodeClass(call) !== 'FunctionCallExpression')
      throw unsupported(`the series aggregate '${textOf(a)}'`);
    const name = nameOf((call as Ex<'FunctionCallExpression'>).Name).toLowerCase();
    const factory = AGGREGATES[name];
    if (!factory) throw unsupported(`the aggregation function '${name}()' in make-series`);
    const args = elements((call as Ex<'FunctionCallExpression'>).ArgumentList?.Expressions);
    const fallbackNode = a.DefaultExpression?.Expression as SyntaxNode | null | undefined;
    return {
      fn: args.map((x) => compileScalar(x, scope).fn),
      factory,
      fallback: fallbackNode ? compileScalar(fallbackNode, scope).fn({}) : 0,
    };
  });
  if (columns.length !== byFns.length + aggregates.length + 1)
    throw unsupported(`this form of make-series ('${textOf(node)}')`);
  const names = columns.map((c) => c.name);
  const step = Number(range.step({}));
  if (!(step > 0)) throw unsupported(`a make-series step that is not positive ('${textOf(node)}')`);

  return collect(input, columns, () => {
    const groups = new Map<unknown, { keys: unknown[]; points: [number, Row][] }>();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    return {
      add(r: Row) {
        const t = axis.fn(r);
        if (typeof t !== 'number') return;
        const keys = byFns.map((fn) => fn(r));
        const key = groupKeyOf(keys);
        let group = groups.get(key);
        if (!group) {
          group = { keys, points: [] };
          groups.set(key, group);
        }
        group.points.push([t, r]);
        min = Math.min(min, t);
        max = Math.max(max, t);
      },
      *finish() {
        const start = range.start ? Number(range.start({})) : Math.floor(min / step) * step;
        const end = range.end ? Number(range.end({})) : max + step;
        const bins = Math.max(0, Math.ceil((end - start) / step));
        if (!Number.isFinite(bins)) return;
        const axisValues = Array.from({ length: bins }, (_, i) =>
          isTime ? formatDatetime(start + i * step) : start + i * step,
        );
        for (const group of groups.values()) {
          const cells: (Accumulator[] | undefined)[] = new Array(bins);
          for (const [t, r] of group.points) {
            const i = Math.floor((t - start) / step);
            if (i < 0 || i >= bins) continue;
            cells[i] ??= aggregates.map((a) => a.factory(a.fn, [])());
            for (const acc of cells[i] as Accumulator[]) acc.add(r);
          }
          const series = aggregates.map((a, j) =>
            Array.from(cells, (c) => (c ? (c[j]?.result()[0] ?? a.fallback) : a.fallback)),
          );
          const values = [...group.keys, ...series, axisValues];
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
