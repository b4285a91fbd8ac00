import type { Kernel } from '../../kernel/kernel.js';
import type { Principal } from '../../kernel/types.js';
import { CONFIG_OPTION, parseCommandArgs } from '../args.js';
import type { CliIo, Command } from '../command.js';
import type { CliConfig } from '../config.js';
import { EXIT, UsageError } from '../errors.js';
import { openKernel } from '../kernel.js';

const OPTIONS = {
  ...CONFIG_OPTION,
  transport: { type: 'string', short: 't' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
} as const;

/** Loopback HTTP clients are this machine's users, like stdio's: one principal until inbound auth. */
const LOOPBACK_PRINCIPAL: Principal = { id: 'local', kind: 'http', displayName: 'loopback HTTP client' };

type Config = CliConfig['config'];

function overrides(values: { transport?: string; port?: string; host?: string }) {
  const { transport, port, host } = values;
  if (transport !== undefined && transport !== 'stdio' && transport !== 'http') {
    throw new UsageError(`--transport must be stdio or http, not '${transport}'`);
  }
  const portNumber = port === undefined ? undefined : /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN;
  if (portNumber !== undefined && !(portNumber >= 0 && portNumber <= 65535)) {
    throw new UsageError(`--port must be an integer from 0 to 65535, not '${port}'`);
  }
  return (config: Config): Config => ({
    ...config,
    server: {
      ...config.server,
      transport: transport ?? config.server.transport,
      http: {
        ...config.server.http,
        host: host ?? config.server.http.host,
        port: portNumber ?? config.server.http.port,
      },
    },
  });
}

/** Resolves on the first SIGINT or SIGTERM (the signal is handled: no abrupt exit mid-write). */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

// Each transport is imported only when chosen: the HTTP stack would add to every stdio cold start.
async function serveHttp(kernel: Kernel, io: CliIo): Promise<void> {
  const { startHttpServer } = await import('../../kernel/transports/http.js');
  const { http } = kernel.config.server;
  const server = await startHttpServer({
    ...http,
    createServer: ({ sessionId }) => kernel.createServer({ principal: LOOPBACK_PRINCIPAL, sessionId }),
    log: (message) => io.stderr(`mcp-xdr: ${message}\n`),
  });
  // Always printed, whatever the log level: scripts read the bound port from it (`--port 0`).
  io.stderr(`mcp-xdr: listening on ${server.url.href}\n`);
  await shutdownSignal();
  await server.close();
}

async function serveStdio(kernel: Kernel, io: CliIo): Promise<void> {
  const { startStdioServer } = await import('../../kernel/transports/stdio.js');
  const server = await startStdioServer(() => kernel.createServer(), { stdout: io.protocolStdout });
  // `closed` resolves when the client ends stdin.
  await Promise.race([server.closed, shutdownSignal()]);
  await server.close();
}

export const serve: Command = {
  name: 'serve',
  summary: 'Run the MCP server over stdio (default) or Streamable HTTP on loopback.',
  usage: 'serve [--config FILE] [--transport stdio|http] [--port P] [--host H]',
  async run(args, io) {
    const { values } = parseCommandArgs({ args, options: OPTIONS });
    const kernel = await openKernel(io, values.config, overrides(values));
    try {
      if (kernel.config.server.transport === 'http') await serveHttp(kernel, io);
      else await serveStdio(kernel, io);
      return EXIT.ok;
    } finally {
      await kernel.close();
    }
  },
};
