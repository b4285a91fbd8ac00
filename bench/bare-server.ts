/**
 * The baseline: a bare SDK McpServer over stdio with the same number of tools as the mcp-xdr
 * deployment under test, answering the measured tool the same way (structuredContent + text).
 * Usage: node dist/bench/bare-server.js <measured-tool> <other-tool-names...>
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { registerBareTools } from './bare-tools.js';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: bare-server <measured-tool> [other tools...]\n');
  process.exit(2);
}

const server = new McpServer({ name: 'bare', version: '0.0.0' });
registerBareTools(server, names);
await server.connect(new StdioServerTransport());
