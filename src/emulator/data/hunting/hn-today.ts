import type { Row } from '../../kql/table.js';
import { fileHashes } from '../files.js';
import type { BackgroundContext } from './context.js';
import { TABLE_COLUMNS } from './schema.js';
import type { RowSource } from './table.js';

/**
 * The world's anchor is the start of the current UTC day and the clock runs on through the day, while
 * the routine rows stop at the anchor and the catalogued activity's newest copy is hours before it: a
 * hunt with `ago(1h)` or `ingestion_time() >= ago(2h)` found nothing, and at 23:00 even `ago(1d)` missed
 * the "last day" copies. These sources carry the world on through the anchor's day, from row indexes
 * and the anchor only (never the wall clock); the engine hides rows later than the query's `now`, as the
 * service does. Every window ending at `now` of a whole number of slots then holds the same count,
 * whatever the time of day.
 */
const HOUR = 3_600_000;
/** The day after the anchor, plus a slot before it, so a look-back just after midnight finds rows too. */
const TODAY_MS = 24 * HOUR;

/** Every datetime column of a row moves by the same amount, so the row stays coherent (creation before use). */
function shifter(table: string): (row: Row, to: number) => void {
  const datetimes = (TABLE_COLUMNS[table] ?? []).filter((c) => c.type === 'datetime').map((c) => c.name);
  return (row, to) => {
    const delta = to - (row.Timestamp as number);
    for (const name of datetimes) {
      const v = row[name];
      if (typeof v === 'number') row[name] = v + delta;
    }
  };
}

/** A fraction in [0, 1) from an index, spread evenly (golden ratio), so slots' rows do not line up. */
function phase(i: number): number {
  return (i * 0.618_033_988_75) % 1;
}

/**
 * Routine rows continued through the anchor's day at the background's density: rows `from`,
 * `from + 1`... of the table's own generator (fresh indexes, so fresh ReportIds), moved into the day.
 */
export function routineToday(
  context: BackgroundContext,
  table: string,
  generator: (count: number) => RowSource,
  perDay: number,
  from: number,
): RowSource {
  const count = Math.round((perDay * (TODAY_MS + HOUR)) / (24 * HOUR));
  const source = generator(from + count);
  const shift = shifter(table);
  const start = context.anchor - HOUR;
  const slot = (TODAY_MS + HOUR) / Math.max(1, count);
  return {
    count,
    row(i, into) {
      source.row(from + i, into);
      shift(into, Math.floor(start + (i + phase(i)) * slot));
    },
  };
}

/** The catalog's sources place a variant's first copies on this many machines; today's copies reuse them. */
const MACHINES_PER_VARIANT = 3;

/**
 * Catalogued activity repeated every `periodHours` through the anchor's day (and one period before
 * it), as a beacon or a scheduled task repeats: copy k of variant v is row `(k mod 3) * variants + v`
 * of `source` (which cycles through its variants by index), so it stays on the machines the activity
 * already touched, with a ReportId of its own. A look-back of `periodHours` always holds one copy of
 * every variant.
 */
export function activityToday(
  context: BackgroundContext,
  table: string,
  source: RowSource,
  variants: number,
  periodHours = 2,
): RowSource {
  const period = periodHours * HOUR;
  const copies = Math.ceil((TODAY_MS + period) / period);
  const shift = shifter(table);
  const start = context.anchor - period;
  return {
    count: variants * copies,
    row(i, into) {
      const v = i % variants;
      const k = Math.floor(i / variants);
      source.row(((k % MACHINES_PER_VARIANT) * variants + v) % Math.max(1, source.count), into);
      if (typeof into.ReportId === 'number') into.ReportId += (k + 1) * 10_000_000;
      shift(into, Math.floor(start + k * period + phase(v + 1) * (period - 60_000)));
      matchHashes(context, into);
    },
  };
}

/**
 * A profile variant names the initiating process (rundll32.exe, MSBuild.exe) while the generic filler
 * drew some binary of the world: give the row that process's own hashes (by name, as the world's
 * binaries have them), and a folder if the variant named none.
 */
export function matchHashes(context: BackgroundContext, into: Row): void {
  const name = into.InitiatingProcessFileName;
  if (typeof name !== 'string' || !name) return;
  const hashes = fileHashes(context.seed, name.toLowerCase());
  if ('InitiatingProcessSHA1' in into) into.InitiatingProcessSHA1 = hashes.sha1;
  if ('InitiatingProcessSHA256' in into) into.InitiatingProcessSHA256 = hashes.sha256;
  if ('InitiatingProcessMD5' in into) into.InitiatingProcessMD5 = hashes.md5;
  const path = into.InitiatingProcessFolderPath;
  if (typeof path !== 'string' || !path.toLowerCase().endsWith(`\\${name.toLowerCase()}`))
    into.InitiatingProcessFolderPath = `C:\\Windows\\System32\\${name}`;
}
