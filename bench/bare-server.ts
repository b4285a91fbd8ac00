/**
 * The baseline: a bare SDK McpServer over stdio with the same number of tools as the mcp-xdr
 * deployment under test, answering the measured tool the same way (structuredContent + text).
 * Usage: node dist/bench/bare-server.js <measured-tool> <other-tool-names...>
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const [measured, ...others] = process.argv.slice(2);
if (measured === undefined) {
  process.stderr.write('usage: bare-server <measured-tool> [other tools...]\n');
  process.exit(2);
}

const server = new McpServer({ name: 'bare', version: '0.0.0' });
const output = { text: z.string().describe('What the tool answers.') };

for (const name of [measured, ...others]) {
  server.registerTool(
    name,
    { title: name, description: `Bare copy of ${name}.`, inputSchema: {}, outputSchema: output },
    async () => {
      const structured = { text: 'This is a simple text response for testing.' };
      return { structuredContent: structured, content: [{ type: 'text', text: structured.text }] };
    },
  );
}

await server.connect(new StdioServerTransport());
