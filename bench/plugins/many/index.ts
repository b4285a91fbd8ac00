import { z } from 'zod';
import { definePlugin, type ReadTool, Tool } from '../../../src/kernel/index.js';
import type { ToolClass } from '../../../src/kernel/types.js';

const Output = z.object({ text: z.string().describe('What the tool answers.') });
const Input = z.object({
  limit: z.number().int().min(1).max(100).optional().describe('How many items to return.'),
});

/** One read tool per index, each with its own (equal) schemas, as a plugin with many tools has. */
function manyTool(index: number): ToolClass {
  const name = `bench_tool_${String(index).padStart(4, '0')}`;
  class ManyTool implements ReadTool<z.infer<typeof Input>, z.infer<typeof Output>> {
    async execute() {
      return { text: `${name} answered.` };
    }
  }
  Tool({
    name,
    title: `Bench tool ${index}`,
    description: `Benchmark tool number ${index}: answers one line of text.`,
    input: Input.extend({}),
    output: Output.extend({}),
    risk: 'read',
    idempotent: true,
    openWorld: false,
  })(ManyTool);
  return ManyTool;
}

const COUNT = Number(process.env.MCP_XDR_BENCH_TOOLS ?? 10);

/** `npm run bench`'s scaling fixture: MCP_XDR_BENCH_TOOLS read tools (default 10). */
export default definePlugin({
  name: 'bench-many',
  version: '0.1.0',
  description: 'Benchmark fixture: many equal read tools.',
  options: z.object({}).strict(),
  tools: Array.from({ length: COUNT }, (_, i) => manyTool(i + 1)),
});
