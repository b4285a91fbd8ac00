import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const output = { text: z.string().describe('What the tool answers.') };

/** The baseline's tools: each answers the way the measured fixture tool does (structuredContent + text). */
export function registerBareTools(server: McpServer, names: readonly string[]): void {
  for (const name of names) {
    server.registerTool(
      name,
      { title: name, description: `Bare copy of ${name}.`, inputSchema: {}, outputSchema: output },
      async () => {
        const structured = { text: 'This is a simple text response for testing.' };
        return { structuredContent: structured, content: [{ type: 'text', text: structured.text }] };
      },
    );
  }
}
