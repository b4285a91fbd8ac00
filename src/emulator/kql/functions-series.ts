import { type Builtin, pure } from './builtin.js';

/**
 * Series functions hunts use after make-series. A tuple-valued function (several output columns,
 * `extend (a, b, c) = f(x)`) returns a Tuple; extend spreads it over the names.
 */
export class Tuple {
  constructor(readonly values: unknown[]) {}
}

function numbers(v: unknown): number[] | null {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'number' ? x : Number(x) || 0)) : null;
}

/** Least-squares line through (i, y_i): the fitted values. */
function lineFit(ys: number[]): number[] {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, y) => a + y, 0) / Math.max(1, n);
  let sxy = 0;
  let sxx = 0;
  ys.forEach((y, i) => {
    sxy += (i - mx) * (y - my);
    sxx += (i - mx) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return ys.map((_, i) => my + slope * (i - mx));
}

function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/**
 * `series_decompose_anomalies(y[, threshold = 1.5[, seasonality[, trend = 'avg']]])` as
 * (ad_flag, ad_score, baseline). The baseline is the trend only ('avg': the mean, 'linefit': a
 * least-squares line, 'none': 0); seasonality is not detected. Residuals are scored with Tukey's
 * fences (distance outside [Q1, Q3] in interquartile ranges, the range at least 1 so a flat series
 * with one spike still scores finitely); |score| > threshold flags +1 or -1. Kusto documents the
 * same fence test ("ctukey"); its seasonal decomposition is not reproduced here.
 */
function decomposeAnomalies(values: unknown[]): Tuple | null {
  const ys = numbers(values[0]);
  if (!ys) return null;
  const threshold = typeof values[1] === 'number' ? values[1] : 1.5;
  const trend = typeof values[3] === 'string' ? values[3] : 'avg';
  const mean = ys.reduce((a, y) => a + y, 0) / Math.max(1, ys.length);
  const baseline = trend === 'linefit' ? lineFit(ys) : ys.map(() => (trend === 'none' ? 0 : mean));
  const residuals = ys.map((y, i) => y - (baseline[i] as number));
  const sorted = [...residuals].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = Math.max(1, q3 - q1);
  const scores = residuals.map((r) => (r > q3 ? (r - q3) / iqr : r < q1 ? (r - q1) / iqr : 0));
  const flags = scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
  return new Tuple([flags, scores, baseline]);
}

function stats(values: unknown[]): Record<string, number | null> {
  const ys = numbers(values[0]) ?? [];
  const n = ys.length;
  const avg = n ? ys.reduce((a, y) => a + y, 0) / n : null;
  const variance = n > 1 && avg !== null ? ys.reduce((a, y) => a + (y - avg) ** 2, 0) / (n - 1) : null;
  const min = n ? Math.min(...ys) : null;
  const max = n ? Math.max(...ys) : null;
  return {
    min,
    min_idx: min === null ? null : ys.indexOf(min),
    max,
    max_idx: max === null ? null : ys.indexOf(max),
    avg,
    stdev: variance === null ? null : Math.sqrt(variance),
    variance,
  };
}

export const SERIES_FUNCTIONS: Record<string, Builtin> = {
  series_decompose_anomalies: pure(decomposeAnomalies),
  series_stats_dynamic: pure(stats),
  series_stats: pure((values) => new Tuple(Object.values(stats(values)))),
  series_fit_line: pure((values) => {
    const ys = numbers(values[0]);
    if (!ys) return null;
    const fit = lineFit(ys);
    const slope = ys.length > 1 ? ((fit.at(-1) as number) - (fit[0] as number)) / (ys.length - 1) : 0;
    const rss = ys.reduce((a, y, i) => a + (y - (fit[i] as number)) ** 2, 0);
    const mean = ys.reduce((a, y) => a + y, 0) / Math.max(1, ys.length);
    const tss = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
    return new Tuple([
      tss === 0 ? 1 : 1 - rss / tss,
      slope,
      Math.sqrt(rss / Math.max(1, ys.length)),
      rss,
      fit[0] ?? 0,
      fit,
    ]);
  }),
};
