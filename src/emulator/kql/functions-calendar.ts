import { type Builtin, pure } from './builtin.js';
import { parseDatetime } from './datetime.js';
import { isNull, MS_PER_DAY, str } from './values.js';

/**
 * Calendar and timespan functions from the Kusto docs that the core set lacks: `endof*`, Unix
 * times, `make_datetime`, `make_timespan`, `totimespan`, `format_timespan`, `monthofyear`,
 * `week_of_year`. Datetimes and timespans are milliseconds (fractions carry the 100 ns ticks).
 */
const HOUR = 3_600_000;
const TICK = 1 / 10_000;

function utc(v: unknown): Date | null {
  return typeof v === 'number' && Number.isFinite(v) ? new Date(Math.floor(v)) : null;
}

const dayStart = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/**
 * `endofday(t[, offset])` and friends: the last tick of t's period moved `offset` periods;
 * `next(d, k)` is the start of the period after the one k periods from d's.
 */
function endOf(next: (d: Date, k: number) => number): Builtin {
  return pure(([v, offset]) => {
    const d = utc(v);
    const k = isNull(offset) ? 0 : Math.trunc(Number(offset));
    return d && Number.isFinite(k) ? lastTickBefore(next(d, k)) : null;
  });
}

/** One tick before `ms`, or the closest double below it: at today's dates a double of ms is ~2.4 ticks apart. */
function lastTickBefore(ms: number): number {
  for (let k = 1; k < 8; k++) if (ms - k * TICK < ms) return ms - k * TICK;
  return ms - 1;
}

/** `format_timespan(ts, "dd.hh:mm:ss")`: d..dddddddd, h/hh/H/HH, m/mm, s/ss, f..fffffff, F..FFFFFFF. */
export function formatTimespanPattern(value: unknown, pattern: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  const days = Math.floor(abs / MS_PER_DAY);
  const hours = Math.floor((abs % MS_PER_DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  const ticks = String(Math.round((abs % 1000) * 10_000)).padStart(7, '0');
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const body = str(pattern).replace(/d{1,8}|f{1,7}|F{1,7}|[hH]{1,2}|m{1,2}|s{1,2}|'[^']*'|"[^"]*"/g, (t) => {
    switch (t[0]) {
      case 'd':
        return pad(days, t.length);
      case 'h':
      case 'H':
        return pad(hours, t.length);
      case 'm':
        return pad(minutes, t.length);
      case 's':
        return pad(seconds, t.length);
      case 'f':
        return ticks.slice(0, t.length);
      case 'F':
        return ticks.slice(0, t.length).replace(/0+$/, '');
      default:
        return t.slice(1, -1);
    }
  });
  return value < 0 ? `-${body}` : body;
}

/** `totimespan("1.02:03:04.5")` and `totimespan("2h")`: .NET timespan text or a KQL literal. */
export function parseTimespanText(v: unknown): number | null {
  if (typeof v === 'number') return v;
  const text = str(v).trim();
  const dotnet = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text);
  if (dotnet) {
    const [, sign, d, h, m, s, f] = dotnet;
    const ms =
      Number(d ?? 0) * MS_PER_DAY +
      Number(h) * HOUR +
      Number(m) * 60_000 +
      Number(s ?? 0) * 1000 +
      Number((f ?? '').padEnd(7, '0')) / 10_000;
    return sign ? -ms : ms;
  }
  const literal = /^(-)?(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|microsecond|tick)$/.exec(text);
  if (!literal) return null;
  const unit = { d: MS_PER_DAY, h: HOUR, m: 60_000, s: 1000, ms: 1, microsecond: 0.001, tick: TICK }[
    literal[3] as 'd'
  ];
  const ms = Number(literal[2]) * unit;
  return literal[1] ? -ms : ms;
}

function makeDatetime(parts: unknown[]): number | null {
  if (parts.some((p) => p !== undefined && typeof p !== 'number')) return null;
  const [y, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts as number[];
  if (y === undefined) return null;
  const whole = Math.floor(s);
  const ms = Date.UTC(y, mo - 1, d, h, mi, whole);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s >= 60) return null;
  return ms + (s - whole) * 1000;
}

/** `make_timespan(h, m[, s])` or `make_timespan(d, h, m, s)`. */
function makeTimespan(parts: unknown[]): number | null {
  if (parts.some((p) => typeof p !== 'number')) return null;
  const n = parts as number[];
  const [d, h, m, s] = n.length === 4 ? n : [0, n[0] ?? 0, n[1] ?? 0, n[2] ?? 0];
  return (d ?? 0) * MS_PER_DAY + (h ?? 0) * HOUR + (m ?? 0) * 60_000 + (s ?? 0) * 1000;
}

/** ISO 8601 week number (Kusto's `week_of_year`). */
export function isoWeek(v: unknown): number | null {
  const d = utc(v);
  if (!d) return null;
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = dayStart(d) + (3 - day) * MS_PER_DAY;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - yearStart) / (7 * MS_PER_DAY));
}

const fromUnix = (scale: number) =>
  pure(([v]) => (typeof v === 'number' && Number.isFinite(v) ? v * scale : null));

export const CALENDAR_FUNCTIONS: Record<string, Builtin> = {
  endofday: endOf((d, k) => dayStart(d) + (k + 1) * MS_PER_DAY),
  endofweek: endOf((d, k) => dayStart(d) + (7 * (k + 1) - d.getUTCDay()) * MS_PER_DAY),
  endofmonth: endOf((d, k) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k + 1, 1)),
  endofyear: endOf((d, k) => Date.UTC(d.getUTCFullYear() + k + 1, 0, 1)),
  unixtime_seconds_todatetime: fromUnix(1000),
  unixtime_milliseconds_todatetime: fromUnix(1),
  unixtime_microseconds_todatetime: fromUnix(0.001),
  unixtime_nanoseconds_todatetime: fromUnix(0.000_001),
  make_datetime: pure((parts) => makeDatetime(parts)),
  make_timespan: pure((parts) => makeTimespan(parts)),
  totimespan: pure(([v]) => (isNull(v) ? null : parseTimespanText(v))),
  totime: pure(([v]) => (isNull(v) ? null : parseTimespanText(v))),
  todate: pure(([v]) => parseDatetime(v)),
  format_timespan: pure(([v, pattern]) => formatTimespanPattern(v, pattern)),
  monthofyear: pure(([v]) => (utc(v)?.getUTCMonth() ?? -1) + 1 || null),
  week_of_year: pure(([v]) => isoWeek(v)),
  weekofyear: pure(([v]) => isoWeek(v)),
};
