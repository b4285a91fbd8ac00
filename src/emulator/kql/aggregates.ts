import type { Scalar } from './scope.js';
import type { Row } from './table.js';
import { compareValues, groupKey, isNull } from './values.js';

/** One group's running state of an aggregate; `result` gives its output columns' values. */
export interface Accumulator {
  add(row: Row): void;
  result(): unknown[];
}

/**
 * An aggregate call compiled for one summarize: `args` are its compiled arguments, `extra` the
 * values arg_max/arg_min/any carry along (columns, `*` already resolved by the caller, or any
 * expression: `arg_max(Timestamp, tostring(ReportId))`), read from the row they keep.
 */
export type AggregateFactory = (args: Scalar[], extra: Scalar[]) => () => Accumulator;

const DEFAULT_SET_SIZE = 1_048_576;

function numeric(
  fn: Scalar,
  fold: (acc: number, v: number) => number,
  finish: (acc: number, n: number) => unknown,
) {
  return (): Accumulator => {
    let acc = 0;
    let n = 0;
    return {
      add(row) {
        const v = fn(row);
        if (typeof v === 'number' && !Number.isNaN(v)) {
          acc = n === 0 ? v : fold(acc, v);
          n++;
        }
      },
      result: () => [n === 0 ? null : finish(acc, n)],
    };
  };
}

function extreme(sign: 1 | -1): AggregateFactory {
  return ([fn]) =>
    (): Accumulator => {
      let best: unknown = null;
      return {
        add(row) {
          const v = (fn as Scalar)(row);
          if (isNull(v)) return;
          if (isNull(best) || compareValues(v, best) * sign > 0) best = v;
        },
        result: () => [best],
      };
    };
}

/** arg_max / arg_min: the value and the carried columns of the row where the value is extreme. */
function argExtreme(sign: 1 | -1): AggregateFactory {
  return ([fn], extra) =>
    (): Accumulator => {
      let best: unknown = null;
      let bestRow: Row | undefined;
      return {
        add(row) {
          const v = (fn as Scalar)(row);
          if (isNull(v)) return;
          if (bestRow === undefined || compareValues(v, best) * sign > 0) {
            best = v;
            bestRow = row;
          }
        },
        result: () => [best, ...extra.map((c) => (bestRow ? (c(bestRow) ?? null) : null))],
      };
    };
}

function collectValues(distinct: boolean): AggregateFactory {
  return ([fn, max]) =>
    (): Accumulator => {
      const limit = max ? Number(max({})) : DEFAULT_SET_SIZE;
      const values: unknown[] = [];
      const seen = new Set<unknown>();
      const addOne = (v: unknown) => {
        if (isNull(v) || values.length >= limit) return;
        if (distinct) {
          const key = groupKey(v);
          if (seen.has(key)) return;
          seen.add(key);
        }
        values.push(v);
      };
      return {
        add(row) {
          const v = (fn as Scalar)(row);
          if (!Array.isArray(v)) return addOne(v);
          // make_set over dynamic arrays is the set of their elements.
          if (distinct) for (const item of v) addOne(item);
          else addOne(v);
        },
        result: () => [values],
      };
    };
}

function distinctCount(fn: Scalar, predicate?: Scalar) {
  return (): Accumulator => {
    const seen = new Set<unknown>();
    return {
      add(row) {
        if (predicate && predicate(row) !== true) return;
        const v = fn(row);
        if (!isNull(v)) seen.add(groupKey(v));
      },
      result: () => [seen.size],
    };
  };
}

function counter(predicate?: Scalar) {
  return (): Accumulator => {
    let n = 0;
    return {
      add(row) {
        if (!predicate || predicate(row) === true) n++;
      },
      result: () => [n],
    };
  };
}

function anyOf(): AggregateFactory {
  return (args, extra) => (): Accumulator => {
    let first: unknown[] | undefined;
    return {
      add(row) {
        first ??= [...args.map((fn) => fn(row)), ...extra.map((c) => c(row) ?? null)];
      },
      result: () => first ?? [...args.map(() => null), ...extra.map(() => null)],
    };
  };
}

/** The `...if` form of an aggregate: `sumif(x, pred)` adds only rows where `pred` is true. */
function onlyIf(factory: AggregateFactory): AggregateFactory {
  return ([fn, predicate, ...rest], extra) => {
    const start = factory([fn as Scalar, ...rest], extra);
    return () => {
      const acc = start();
      return {
        add(row) {
          if ((predicate as Scalar)(row) === true) acc.add(row);
        },
        result: () => acc.result(),
      };
    };
  };
}

const BASE: Record<string, AggregateFactory> = {
  count: () => counter(),
  countif: ([p]) => counter(p),
  dcount: ([fn]) => distinctCount(fn as Scalar),
  dcountif: ([fn, p]) => distinctCount(fn as Scalar, p),
  sum: ([fn]) =>
    numeric(
      fn as Scalar,
      (a, v) => a + v,
      (a) => a,
    ),
  avg: ([fn]) =>
    numeric(
      fn as Scalar,
      (a, v) => a + v,
      (a, n) => a / n,
    ),
  min: extreme(-1),
  max: extreme(1),
  make_set: collectValues(true),
  make_list: collectValues(false),
  arg_max: argExtreme(1),
  arg_min: argExtreme(-1),
  any: anyOf(),
  take_any: anyOf(),
};

export const AGGREGATES: Record<string, AggregateFactory> = {
  ...BASE,
  // Legacy names the service still accepts (Kusto docs: deprecated aliases).
  makeset: BASE.make_set as AggregateFactory,
  makelist: BASE.make_list as AggregateFactory,
  argmax: BASE.arg_max as AggregateFactory,
  argmin: BASE.arg_min as AggregateFactory,
  make_bag: makeBag(),
  count_distinct: ([fn]) => distinctCount(fn as Scalar),
  count_distinctif: ([fn, p]) => distinctCount(fn as Scalar, p),
  stdev: ([fn]) => deviation(fn as Scalar, 1),
  stdevp: ([fn]) => deviation(fn as Scalar, 0),
  variance: ([fn]) => deviation(fn as Scalar, 1, false),
  percentile: ([fn, p]) => percentile(fn as Scalar, Number((p as Scalar)({}))),
  sumif: onlyIf(BASE.sum as AggregateFactory),
  avgif: onlyIf(BASE.avg as AggregateFactory),
  minif: onlyIf(BASE.min as AggregateFactory),
  maxif: onlyIf(BASE.max as AggregateFactory),
  make_set_if: onlyIf(BASE.make_set as AggregateFactory),
  make_list_if: onlyIf(BASE.make_list as AggregateFactory),
  variancep: ([fn]) => deviation(fn as Scalar, 0, false),
  stdevif: onlyIf(([fn]) => deviation(fn as Scalar, 1)),
  varianceif: onlyIf(([fn]) => deviation(fn as Scalar, 1, false)),
  make_bag_if: onlyIf(makeBag()),
  make_list_with_nulls: makeListWithNulls(),
  percentiles: ([fn, ...ps]) =>
    percentiles(
      fn as Scalar,
      ps.map((p) => Number((p as Scalar)({}))),
    ),
  binary_all_and: ([fn]) => bitwise(fn as Scalar, (a, b) => a & b),
  binary_all_or: ([fn]) => bitwise(fn as Scalar, (a, b) => a | b),
  binary_all_xor: ([fn]) => bitwise(fn as Scalar, (a, b) => a ^ b),
  take_anyif: onlyIf(anyOf()),
  anyif: onlyIf(anyOf()),
  hll: distinctValues(false),
  hll_if: onlyIf(distinctValues(false)),
  hll_merge: distinctValues(true),
};

/**
 * `hll(x)` / `hll_merge(h)`: Kusto's value is an opaque HyperLogLog sketch; here it is the dynamic
 * array of the distinct values (the accuracy argument is ignored), so `dcount_hll` is exact.
 */
function distinctValues(merge: boolean): AggregateFactory {
  return ([fn]) =>
    (): Accumulator => {
      const values = new Map<unknown, unknown>();
      const addOne = (v: unknown) => {
        if (isNull(v)) return;
        const key = groupKey(v);
        if (!values.has(key)) values.set(key, v);
      };
      return {
        add(row) {
          const v = (fn as Scalar)(row);
          if (merge) {
            if (Array.isArray(v)) for (const item of v) addOne(item);
          } else addOne(v);
        },
        result: () => [[...values.values()]],
      };
    };
}

/** `make_bag(bag)`: the union of the property bags, first value of a key kept. */
function makeBag(): AggregateFactory {
  return ([fn]) =>
    (): Accumulator => {
      const out: Record<string, unknown> = {};
      return {
        add(row) {
          const v = (fn as Scalar)(row);
          if (v && typeof v === 'object' && !Array.isArray(v))
            for (const [k, x] of Object.entries(v)) if (!(k in out)) out[k] = x;
        },
        result: () => [out],
      };
    };
}

/** Collects a group's numbers, then computes one value from all of them. */
function overNumbers(fn: Scalar, finish: (values: number[]) => unknown) {
  return (): Accumulator => {
    const values: number[] = [];
    return {
      add(row) {
        const v = fn(row);
        if (typeof v === 'number' && !Number.isNaN(v)) values.push(v);
      },
      result: () => [finish(values)],
    };
  };
}

/** Sample (`ddof` 1) or population (0) standard deviation; the variance when `root` is false. */
function deviation(fn: Scalar, ddof: 0 | 1, root = true) {
  return overNumbers(fn, (values) => {
    if (values.length - ddof <= 0) return values.length === 1 && ddof === 1 ? 0 : null;
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - ddof);
    return root ? Math.sqrt(variance) : variance;
  });
}

/** `percentile(x, p)`: the nearest-rank value (Kusto's percentiles are estimates; exact here). */
function percentile(fn: Scalar, p: number) {
  return percentiles(fn, [p]);
}

/** `percentiles(x, 50, 95)`: one column per percentile, as the analyzer names them. */
function percentiles(fn: Scalar, ps: number[]) {
  return (): Accumulator => {
    const values: number[] = [];
    return {
      add(row) {
        const v = fn(row);
        if (typeof v === 'number' && !Number.isNaN(v)) values.push(v);
      },
      result: () => {
        values.sort((a, b) => a - b);
        const rank = (p: number) => values[Math.max(1, Math.ceil((p / 100) * values.length)) - 1] ?? null;
        return ps.map((p) => (values.length === 0 ? null : rank(p)));
      },
    };
  };
}

/** `make_list_with_nulls(x)`: every value, nulls too. */
function makeListWithNulls(): AggregateFactory {
  return ([fn]) =>
    (): Accumulator => {
      const values: unknown[] = [];
      return {
        add: (row) => {
          values.push((fn as Scalar)(row) ?? null);
        },
        result: () => [values],
      };
    };
}

/** `binary_all_and` / `_or` / `_xor` over 64-bit integers. */
function bitwise(fn: Scalar, op: (a: bigint, b: bigint) => bigint) {
  return (): Accumulator => {
    let acc: bigint | null = null;
    return {
      add(row) {
        const v = fn(row);
        if (typeof v === 'number' && Number.isInteger(v)) acc = acc === null ? BigInt(v) : op(acc, BigInt(v));
      },
      result: () => [acc === null ? null : Number(BigInt.asIntN(64, acc))],
    };
  };
}

/** Aggregates whose output has the argument plus carried columns (`arg_max(x, *)`, `any(*)`). */
export const CARRYING = new Set(['arg_max', 'arg_min', 'argmax', 'argmin', 'any', 'take_any']);
