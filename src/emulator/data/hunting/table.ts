import type { HuntingTable, Row, TableColumn } from '../../kql/table.js';
import { TABLE_COLUMNS, type TableName } from './schema.js';

/**
 * Rows generated one at a time from their index, so a table of a million rows costs no memory.
 * `row` fills `into`, a fresh row holding every column's empty value (cloning that template is
 * the fast path in V8; adding dozens of keys one by one is not).
 */
export interface RowSource {
  count: number;
  row(index: number, into: Row): void;
}

function emptyValue(column: TableColumn): unknown {
  return column.type === 'string' ? '' : null;
}

/** A full row in column order: absent strings are empty (as in Defender), other absent cells null. */
export function completeRow(columns: readonly TableColumn[], partial: Row): Row {
  const row: Row = {};
  for (const c of columns) {
    const value = partial[c.name];
    row[c.name] = value === undefined ? emptyValue(c) : value;
  }
  return row;
}

/**
 * The same row as an object in V8's fast mode. An object given dozens of keys one by one becomes a
 * dictionary, and copying that costs ~18 µs a row; an object from JSON.parse copies in ~0.3 µs.
 * Rows hold only JSON values, so the round trip is exact.
 */
function fastProperties(row: Row): Row {
  return JSON.parse(JSON.stringify(row)) as Row;
}

/**
 * Story rows (the incidents' events, kept in memory) followed by lazily generated background rows.
 * Rows dated later in the anchor's day are here too: the engine hides whatever is after the
 * request's `now` (src/emulator/kql/tabular.ts), so one table serves every clock.
 */
export function lazyTable(name: TableName, story: readonly Row[], background?: RowSource): HuntingTable {
  const columns = TABLE_COLUMNS[name];
  if (!columns) throw new Error(`no documented hunting table ${name}`);
  const stored = story.map((r) => fastProperties(completeRow(columns, r)));
  const count = background?.count ?? 0;
  const template = fastProperties(completeRow(columns, {}));
  return {
    name,
    columns,
    size: stored.length + count,
    *rows() {
      // Copies, so a consumer that annotates rows cannot change the stored story.
      for (const r of stored) yield { ...r };
      for (let i = 0; i < count; i++) {
        const row = { ...template };
        (background as RowSource).row(i, row);
        yield row;
      }
    },
  };
}
