import { type Builtin, pure } from './builtin.js';
import { unsupported } from './syntax.js';
import { MS_PER_DAY, str } from './values.js';

/** Calendar fields of a UTC instant (our datetimes are epoch milliseconds). */
function utc(v: unknown): Date | null {
  return typeof v === 'number' && Number.isFinite(v) ? new Date(v) : null;
}

function at(year: number, month: number, day = 1): number {
  return Date.UTC(year, month, day);
}

/** Adds months the way .NET's AddMonths does: the day is clamped to the target month's length. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = ms - Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay)) + timeOfDay;
}

const FIXED_PARTS: Record<string, number> = {
  week: 7 * MS_PER_DAY,
  day: MS_PER_DAY,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
  nanosecond: 0.000_001,
};

function datetimeAdd(part: unknown, amount: unknown, v: unknown): number | null {
  if (typeof v !== 'number' || typeof amount !== 'number') return null;
  const name = str(part).toLowerCase();
  if (name === 'year') return addMonths(v, 12 * amount);
  if (name === 'quarter') return addMonths(v, 3 * amount);
  if (name === 'month') return addMonths(v, amount);
  const unit = FIXED_PARTS[name];
  if (unit === undefined) throw unsupported(`datetime_add() with the part '${name}'`);
  return v + amount * unit;
}

/** ISO 8601 week number: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(d: Date): number {
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const firstThursday = new Date(thursday);
  return 1 + Math.floor((thursday - at(firstThursday.getUTCFullYear(), 0, 1)) / (7 * MS_PER_DAY));
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - at(d.getUTCFullYear(), 0, 1)) / MS_PER_DAY) + 1;
}

function datetimePart(part: unknown, v: unknown): number | null {
  const d = utc(v);
  if (!d) return null;
  switch (str(part).toLowerCase()) {
    case 'year':
      return d.getUTCFullYear();
    case 'quarter':
      return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'month':
      return d.getUTCMonth() + 1;
    case 'week_of_year':
    case 'weekofyear':
      return isoWeek(d);
    case 'day':
      return d.getUTCDate();
    case 'dayofyear':
      return dayOfYear(d);
    case 'hour':
      return d.getUTCHours();
    case 'minute':
      return d.getUTCMinutes();
    case 'second':
      return d.getUTCSeconds();
    case 'millisecond':
      return d.getUTCMilliseconds();
    default:
      throw unsupported(`datetime_part() with the part '${str(part)}'`);
  }
}

const startOfDay = (ms: number) => Math.floor(ms / MS_PER_DAY) * MS_PER_DAY;

export const TIME_FUNCTIONS: Record<string, Builtin> = {
  hourofday: pure(([v]) => utc(v)?.getUTCHours() ?? null),
  dayofmonth: pure(([v]) => utc(v)?.getUTCDate() ?? null),
  dayofyear: pure(([v]) => {
    const d = utc(v);
    return d ? dayOfYear(d) : null;
  }),
  getyear: pure(([v]) => utc(v)?.getUTCFullYear() ?? null),
  getmonth: pure(([v]) => {
    const d = utc(v);
    return d ? d.getUTCMonth() + 1 : null;
  }),
  // A timespan: days since the preceding Sunday.
  dayofweek: pure(([v]) => {
    const d = utc(v);
    return d ? d.getUTCDay() * MS_PER_DAY : null;
  }),
  startofweek: pure(([v]) => {
    const d = utc(v);
    return d ? startOfDay(d.getTime()) - d.getUTCDay() * MS_PER_DAY : null;
  }),
  startofmonth: pure(([v]) => {
    const d = utc(v);
    return d ? at(d.getUTCFullYear(), d.getUTCMonth()) : null;
  }),
  startofyear: pure(([v]) => {
    const d = utc(v);
    return d ? at(d.getUTCFullYear(), 0) : null;
  }),
  datetime_add: pure(([part, amount, v]) => datetimeAdd(part, amount, v)),
  datetime_part: pure(([part, v]) => datetimePart(part, v)),
};
