import type { KqlType, ServiceFunction, TableColumn } from '../../kql/table.js';
import { DOCUMENTED_COLUMNS, DOCUMENTED_FUNCTIONS } from './documented.js';

/**
 * Column lists of every Advanced Hunting table in Microsoft's schema reference, with Microsoft's
 * names and types (generated into documented.ts by scripts/hunting-schema.ts). Every documented
 * table exists in the emulator; those no story or background generator fills are simply empty.
 */
const KQL_TYPES = new Set<KqlType>([
  'datetime',
  'timespan',
  'string',
  'guid',
  'long',
  'int',
  'real',
  'bool',
  'dynamic',
]);

function columns(spec: string): TableColumn[] {
  return spec
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => {
      const [name, type] = item.split(':') as [string, KqlType];
      if (!name || !KQL_TYPES.has(type)) throw new Error(`bad column spec ${item}`);
      return { name, type };
    });
}

export const TABLE_COLUMNS: Readonly<Record<string, readonly TableColumn[]>> = Object.fromEntries(
  Object.entries(DOCUMENTED_COLUMNS).map(([name, spec]) => [name, columns(spec)]),
);

/** A documented table's name. */
export type TableName = string;
export const TABLE_NAMES: readonly TableName[] = Object.keys(TABLE_COLUMNS);

/** FileProfile, DeviceFromIP, SeenBy and AssignedIPAddresses, as the service declares them. */
export const SERVICE_FUNCTIONS: readonly ServiceFunction[] = DOCUMENTED_FUNCTIONS.map((f) => ({
  ...f,
  columns: columns(f.columns),
}));
