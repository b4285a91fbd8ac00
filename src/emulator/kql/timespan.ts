import { parseDatetime } from './datetime.js';
import { KqlError } from './table.js';
import { MS_PER_DAY } from './values.js';

const DEFAULT_LOOKBACK_MS = 30 * MS_PER_DAY;

/** ISO 8601 duration (`P30D`, `PT12H`, `P1W`, `P1DT2H30M`) in ms; months and years as 30 and 365 days. */
export function parseDuration(text: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      text,
    );
  if (!m || text.length < 2 || /T$/i.test(text)) return undefined;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return (
    ((y ?? 0) * 365 + (mo ?? 0) * 30 + (w ?? 0) * 7 + (d ?? 0)) * MS_PER_DAY +
    (h ?? 0) * 3_600_000 +
    (mi ?? 0) * 60_000 +
    (s ?? 0) * 1000
  );
}

function invalid(text: string): KqlError {
  return new KqlError(
    'semantic',
    `Invalid Timespan '${text.slice(0, 80)}': expected an ISO 8601 duration or interval (P30D, start/end, P30D/end, start/P30D, start)`,
  );
}

function instant(text: string): number {
  const t = parseDatetime(text);
  if (t === null) throw invalid(text);
  return t;
}

/**
 * The request's `Timespan`, as the hunting APIs read it, into the window `Timestamp` must fall in:
 * `P30D` (back from now), `start/end`, `P30D/end`, `start/P30D`, `start` (to now); default 30 days.
 */
export function timeWindow(timespan: string | undefined, now: number): { start: number; end: number } {
  const text = timespan?.trim();
  if (!text) return { start: now - DEFAULT_LOOKBACK_MS, end: now };
  const [a, b, ...rest] = text.split('/');
  if (rest.length > 0 || a === undefined) throw invalid(text);
  const durationA = parseDuration(a);
  if (b === undefined) {
    return durationA !== undefined ? { start: now - durationA, end: now } : { start: instant(a), end: now };
  }
  const durationB = parseDuration(b);
  if (durationA !== undefined && durationB !== undefined) throw invalid(text);
  if (durationA !== undefined) {
    const end = instant(b);
    return { start: end - durationA, end };
  }
  const start = instant(a);
  const end = durationB !== undefined ? start + durationB : instant(b);
  if (end < start) throw invalid(text);
  return { start, end };
}
