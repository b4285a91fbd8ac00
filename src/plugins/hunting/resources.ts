import type { ResourceDefinition } from '../../kernel/types.js';
import { unknownTable } from './get-hunting-schema.js';
import { HUNTING_TABLES, huntingTable } from './schema/tables.js';

const BASE = 'mcp-xdr://hunting/schema';
const json = (value: unknown) => ({ text: JSON.stringify(value, null, 2) });

/** The hunting schema as MCP resources, for clients that attach context instead of calling tools. */
export const huntingResources: readonly ResourceDefinition[] = [
  {
    uri: BASE,
    name: 'hunting-schema',
    title: 'Advanced hunting tables',
    description: 'The Advanced Hunting tables with a one-line description each.',
    mimeType: 'application/json',
    read: async () =>
      json({ tables: HUNTING_TABLES.map(({ name, description }) => ({ name, description })) }),
  },
  {
    uri: `${BASE}/{table}`,
    name: 'hunting-table',
    title: 'Advanced hunting table',
    description: 'One Advanced Hunting table: its columns with KQL types and descriptions.',
    mimeType: 'application/json',
    read: async (_uri, params) => {
      const table = huntingTable(decodeURIComponent(params.table ?? ''));
      if (!table) throw unknownTable(params.table ?? '');
      return json(table);
    },
    list: async () => HUNTING_TABLES.map((t) => ({ uri: `${BASE}/${t.name}`, name: t.name })),
  },
];
