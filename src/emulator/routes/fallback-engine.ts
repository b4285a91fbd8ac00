import { iso7 } from '../data/time.js';
import type {
  ApiColumnType,
  HuntingDatabase,
  HuntingEngine,
  HuntingResult,
  KqlType,
  Row,
} from '../kql/table.js';
import { KqlError } from '../kql/table.js';

/**
 * A stand-in for the real KQL engine (another team's, branch `kql`) so the hunting endpoints work
 * before it merges. It understands exactly two shapes and refuses everything else with a KqlError:
 *   `Table | take N`                      (also `limit N`)
 *   `Table | where Column == "value" | take N`
 * `Timespan` is ignored: every row of the table is eligible.
 */

const API_TYPES: Record<KqlType, ApiColumnType> = {
  datetime: 'DateTime',
  timespan: 'TimeSpan',
  string: 'String',
  guid: 'String',
  long: 'Int64',
  int: 'Int32',
  real: 'Double',
  bool: 'Boolean',
  dynamic: 'Object',
};

const SHAPE =
  /^\s*([A-Za-z_]\w*)\s*(?:\|\s*where\s+([A-Za-z_]\w*)\s*==\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false)\s*)?\|\s*(?:take|limit)\s+(\d{1,9})\s*;?\s*$/;

function literal(text: string): unknown {
  if (text.startsWith('"') || text.startsWith("'")) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  if (text === 'true' || text === 'false') return text === 'true';
  return Number(text);
}

export function toApiValue(type: KqlType, value: unknown): unknown {
  return type === 'datetime' && typeof value === 'number' ? iso7(value) : value;
}

export const fallbackEngine: HuntingEngine = {
  async run(db: HuntingDatabase, query: string, options): Promise<HuntingResult> {
    const match = SHAPE.exec(query);
    if (!match) {
      throw new KqlError(
        'unsupported',
        'The emulator without its KQL engine supports only "Table | take N" and "Table | where Column == \\"value\\" | take N".',
      );
    }
    const [, tableName = '', column, value, takeText = '0'] = match;
    const table = db.table(tableName);
    if (!table)
      throw new KqlError(
        'semantic',
        `'${tableName}' operator: Failed to resolve table or column expression named '${tableName}'`,
      );
    const where = column === undefined ? undefined : table.columns.find((c) => c.name === column);
    if (column !== undefined && !where) {
      throw new KqlError(
        'semantic',
        `'where' operator: Failed to resolve column or scalar expression named '${column}'`,
      );
    }
    const wanted = value === undefined ? undefined : literal(value);
    const limit = Math.min(Number(takeText), options.limits?.maxRows ?? 100_000);
    const results: Row[] = [];
    for (const row of table.rows()) {
      if (results.length >= limit || options.signal?.aborted) break;
      if (where && row[where.name] !== wanted) continue;
      const out: Row = {};
      for (const c of table.columns) out[c.name] = toApiValue(c.type, row[c.name]);
      results.push(out);
    }
    return { schema: table.columns.map((c) => ({ name: c.name, type: API_TYPES[c.type] })), results };
  },
};
