import { EPOCH_OFFSET_MS, formatDatetime, isNull, MS_PER_DAY, str } from './values.js';

/** `bin()` for numbers, timespans and datetimes; datetimes align on 0001-01-01 like Kusto. */
export function bin(value: unknown, size: unknown, isDatetime: boolean): number | null {
  if (isNull(value) || isNull(size) || typeof value !== 'number' || typeof size !== 'number' || size <= 0) {
    return null;
  }
  if (!isDatetime) return Math.floor(value / size) * size;
  return Math.floor((value + EPOCH_OFFSET_MS) / size) * size - EPOCH_OFFSET_MS;
}

export function startOfDay(value: unknown): number | null {
  return typeof value === 'number' ? Math.floor(value / MS_PER_DAY) * MS_PER_DAY : null;
}

/** Parses a datetime string the way `todatetime()` does for ISO 8601 and RFC 1123 text. */
export function parseDatetime(text: unknown): number | null {
  if (isNull(text)) return null;
  if (typeof text === 'number') return text;
  const s = str(text).trim();
  if (s === '') return null;
  const iso =
    /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  if (iso) {
    const fraction = (iso[3] ?? '').padEnd(7, '0');
    const base = Date.parse(`${iso[1]}T${iso[2] ?? '00:00:00'}${iso[4] ?? 'Z'}`);
    if (Number.isNaN(base)) return null;
    return base + Number(fraction) / 10_000;
  }
  const parsed = Date.parse(s);
  return Number.isNaN(parsed) ? null : parsed;
}

const FORMAT_TOKENS = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|tt/g;

/** `format_datetime(dt, 'yyyy-MM-dd HH:mm:ss.fff')`: the format specifiers Kusto documents. */
export function formatDatetimePattern(value: unknown, pattern: unknown): string {
  if (typeof value !== 'number') return '';
  const iso = formatDatetime(value); // yyyy-mm-ddThh:mm:ss.fffffffZ
  const parts = {
    yyyy: iso.slice(0, 4),
    MM: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    HH: iso.slice(11, 13),
    mm: iso.slice(14, 16),
    ss: iso.slice(17, 19),
    fraction: iso.slice(20, 27),
  };
  const hour = Number(parts.HH);
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return str(pattern).replace(FORMAT_TOKENS, (token) => {
    if (token.startsWith('f')) return parts.fraction.slice(0, token.length);
    switch (token) {
      case 'yyyy':
        return parts.yyyy;
      case 'yy':
        return parts.yyyy.slice(2);
      case 'MM':
        return parts.MM;
      case 'M':
        return String(Number(parts.MM));
      case 'dd':
        return parts.dd;
      case 'd':
        return String(Number(parts.dd));
      case 'HH':
        return parts.HH;
      case 'H':
        return String(hour);
      case 'hh':
        return String(hour12).padStart(2, '0');
      case 'h':
        return String(hour12);
      case 'mm':
        return parts.mm;
      case 'm':
        return String(Number(parts.mm));
      case 'ss':
        return parts.ss;
      case 's':
        return String(Number(parts.ss));
      default:
        return hour < 12 ? 'AM' : 'PM';
    }
  });
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: MS_PER_DAY,
};

/** `datetime_diff(part, a, b)`: how many `part` boundaries lie between b and a (a - b). */
export function datetimeDiff(part: unknown, a: unknown, b: unknown): number | null {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const unit = str(part).toLowerCase();
  const fixed = UNIT_MS[unit];
  if (fixed) return Math.floor(a / fixed) - Math.floor(b / fixed);
  if (unit === 'week') {
    // Weeks start on Sunday; the Sunday before 1970-01-01 (a Thursday) is 4 days earlier.
    const sunday = 4 * MS_PER_DAY;
    const week = 7 * MS_PER_DAY;
    return Math.floor((a + sunday) / week) - Math.floor((b + sunday) / week);
  }
  const da = new Date(a);
  const db = new Date(b);
  const months = (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + (da.getUTCMonth() - db.getUTCMonth());
  if (unit === 'month') return months;
  if (unit === 'year') return da.getUTCFullYear() - db.getUTCFullYear();
  if (unit === 'quarter') {
    return (
      (da.getUTCFullYear() - db.getUTCFullYear()) * 4 +
      (Math.floor(da.getUTCMonth() / 3) - Math.floor(db.getUTCMonth() / 3))
    );
  }
  return null;
}
