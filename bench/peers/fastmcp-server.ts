/**
 * The bench's tools on fastmcp (stdio). Usage: node dist/bench/peers/fastmcp-server.js <tool names...>
 * fastmcp has no output schemas: its tools answer the same text without structuredContent.
 */
import { FastMCP } from 'fastmcp';
import { z } from 'zod';
import { LIMIT_DESCRIPTION, peerArgs, SIMPLE_TEXT } from '../peer-tools.js';

const { tools } = peerArgs(process.argv.slice(2));
const server = new FastMCP({ name: 'fastmcp-peer', version: '1.0.0' });
for (const { name, takesLimit } of tools) {
  server.addTool({
    name,
    description: `fastmcp copy of ${name}.`,
    parameters: takesLimit
      ? z.object({ limit: z.number().int().min(1).max(100).optional().describe(LIMIT_DESCRIPTION) })
      : z.object({}),
    execute: async () => SIMPLE_TEXT,
  });
}
await server.start({ transportType: 'stdio' });
