import { z } from 'zod';
import { inject } from '../../kernel/di.js';
import { ToolError } from '../../kernel/errors.js';
import { NextStepSchema, nextSteps, type ToolAvailability } from '../../kernel/next-steps.js';
import { TOOL_CATALOG } from '../../kernel/tokens.js';
import { Tool } from '../../kernel/tools.js';
import type { ReadTool, ToolContext } from '../../kernel/types.js';
import { closest } from './kql/closest.js';
import { HUNTING_TABLES, huntingTable } from './schema/tables.js';

const Input = z.object({
  table: z
    .string()
    .max(128)
    .optional()
    .describe('A table name (e.g. DeviceProcessEvents) for its columns; omit to list the tables.'),
});
const TableSummary = z.object({ name: z.string(), description: z.string() });
const Output = z.object({
  tables: z.array(TableSummary).optional().describe('The Advanced Hunting tables (when no table was named).'),
  table: TableSummary.extend({
    columns: z.array(z.object({ name: z.string(), type: z.string(), description: z.string() })),
  })
    .optional()
    .describe('The named table with its columns, KQL types and descriptions.'),
  nextSteps: z.array(NextStepSchema),
});
type In = z.output<typeof Input>;
type Out = z.output<typeof Output>;

@Tool({
  name: 'get_hunting_schema',
  title: 'Get advanced hunting schema',
  description:
    "Lists the Advanced Hunting tables, or one table's columns with their KQL types and descriptions. " +
    'Look here before writing a query for run_hunting_query.',
  input: Input,
  output: Output,
  risk: 'read',
  idempotent: true,
  openWorld: false,
})
export class GetHuntingSchema implements ReadTool<In, Out> {
  constructor(@inject(TOOL_CATALOG) private readonly catalog: ToolAvailability) {}

  async execute(input: In, _ctx: ToolContext): Promise<Out> {
    if (input.table === undefined) {
      return {
        tables: HUNTING_TABLES.map(({ name, description }) => ({ name, description })),
        nextSteps: nextSteps(this.catalog, [
          {
            tool: 'get_hunting_schema',
            why: 'See the columns of the table you want to query.',
            args: { table: 'DeviceProcessEvents' },
          },
        ]),
      };
    }
    const table = huntingTable(input.table);
    if (!table) throw unknownTable(input.table);
    return {
      table: { name: table.name, description: table.description, columns: [...table.columns] },
      nextSteps: nextSteps(this.catalog, [
        {
          tool: 'run_hunting_query',
          why: 'Query the table; project the columns you need and bound the result.',
          args: { query: `${table.name} | where Timestamp > ago(1d) | take 20` },
        },
      ]),
    };
  }

  toText(output: Out): string {
    if (output.tables) {
      return ['Advanced hunting tables:', ...output.tables.map((t) => `- ${t.name}: ${t.description}`)].join(
        '\n',
      );
    }
    const t = output.table;
    if (!t) return 'No table.';
    return [
      `${t.name}: ${t.description}`,
      ...t.columns.map((c) => `- ${c.name} (${c.type}): ${c.description}`),
    ].join('\n');
  }
}

/** The name is the caller's text: it is not echoed, only the closest known table is named. */
export function unknownTable(name: string): ToolError {
  const suggestion = closest(
    name,
    HUNTING_TABLES.map((t) => t.name),
  );
  return new ToolError(
    'not_found',
    `Unknown Advanced Hunting table.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
    {
      hint: 'Call get_hunting_schema without a table to list them.',
    },
  );
}
