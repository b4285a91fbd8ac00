/**
 * The baseline: a bare SDK McpServer with the same tools as the mcp-xdr deployment under test,
 * answering the measured tool the same way (structuredContent + text). Over stdio, or with `--http`
 * Streamable HTTP on a loopback port (one server and transport per session, as ours).
 * Usage: node dist/bench/bare-server.js [--http] <tool names...>
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerBareTools } from './bare-tools.js';
import { announce, peerArgs } from './peer-tools.js';

const { http, tools } = peerArgs(process.argv.slice(2));
const names = tools.map((tool) => tool.name);

function newServer(): McpServer {
  const server = new McpServer({ name: 'bare', version: '0.0.0' });
  registerBareTools(server, names);
  return server;
}

if (!http) {
  await newServer().connect(new StdioServerTransport());
} else {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? sessions.get(id) : undefined;
    if (transport === undefined) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sessionId) =>
          void sessions.set(sessionId, transport as StreamableHTTPServerTransport),
      });
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res);
  };
  const server = createServer((req, res) => void handle(req, res));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') announce(`http://127.0.0.1:${address.port}/mcp`);
  });
}
