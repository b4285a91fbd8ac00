/**
 * The bench's tools on mcp-framework (stdio). Usage: node dist/bench/peers/mcp-framework-server.js
 * <tool names...>. mcp-framework checks schemas against its own zod 3, so that copy is used.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MCPServer, MCPTool } from 'mcp-framework';
import { LIMIT_DESCRIPTION, peerArgs, SIMPLE_TEXT } from '../peer-tools.js';

type Zod3 = typeof import('zod/v3');
// Its ESM entry: the one mcp-framework imports (the CommonJS one would be another module instance).
const zodDir = dirname(
  createRequire(fileURLToPath(import.meta.resolve('mcp-framework'))).resolve('zod/package.json'),
);
const { z } = (await import(pathToFileURL(join(zodDir, 'index.js')).href)) as Zod3;

const { tools } = peerArgs(process.argv.slice(2));
const server = new MCPServer({ name: 'mcp-framework-peer', version: '1.0.0', transport: { type: 'stdio' } });
for (const { name, takesLimit } of tools) {
  const schema = takesLimit
    ? z.object({ limit: z.number().int().min(1).max(100).optional().describe(LIMIT_DESCRIPTION) })
    : z.object({});
  server.addTool(
    class extends MCPTool {
      name = name;
      description = `mcp-framework copy of ${name}.`;
      schema = schema;
      async execute() {
        return SIMPLE_TEXT;
      }
    },
  );
}
await server.start();
