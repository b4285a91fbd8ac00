import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { LIMIT_DESCRIPTION, SIMPLE_TEXT } from './peer-tools.js';

const output = { text: z.string().describe('What the tool answers.') };
const limitInput = { limit: z.number().int().min(1).max(100).optional().describe(LIMIT_DESCRIPTION) };

/** The baseline's tools: each answers the way the measured fixture tool does (structuredContent + text). */
export function registerBareTools(server: McpServer, names: readonly string[]): void {
  for (const name of names) {
    server.registerTool(
      name,
      {
        title: name,
        description: `Bare copy of ${name}.`,
        inputSchema: name.startsWith('bench_tool_') ? limitInput : {},
        outputSchema: output,
      },
      async () => {
        const structured = { text: SIMPLE_TEXT };
        return { structuredContent: structured, content: [{ type: 'text', text: structured.text }] };
      },
    );
  }
}
