import { CONSOLE_PATH } from '../kernel/approvals/approvals.js';
import type { Kernel } from '../kernel/kernel.js';
import { approvalConsoleFor, needsConsole } from './approval-console.js';
import type { CliIo } from './command.js';
import type { CliConfig } from './config.js';
import { UsageError } from './errors.js';

type Config = CliConfig['config'];

export interface TransportFlags {
  transport?: string | undefined;
  port?: string | undefined;
  host?: string | undefined;
}

/** `--transport`, `--port`, `--host` checked (exit 2 when wrong) and applied over the config. */
export function transportOverrides(values: TransportFlags): (config: Config) => Config {
  const { transport, port, host } = values;
  if (transport !== undefined && transport !== 'stdio' && transport !== 'http') {
    throw new UsageError(`--transport must be stdio or http, not '${transport}'`);
  }
  const portNumber = port === undefined ? undefined : /^\d{1,5}$/.test(port) ? Number(port) : Number.NaN;
  if (portNumber !== undefined && !(portNumber >= 0 && portNumber <= 65535)) {
    throw new UsageError(`--port must be an integer from 0 to 65535, not '${port}'`);
  }
  return (config) => ({
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
export function shutdownSignal(): Promise<NodeJS.Signals> {
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

/**
 * Serves the kernel on its configured transport until `stop` (default: SIGINT/SIGTERM) or, on stdio,
 * the end of stdin. `onListening` hears the HTTP endpoint once bound, or `undefined` for stdio.
 */
export async function serveKernel(
  kernel: Kernel,
  io: CliIo,
  onListening: (url: URL | undefined) => void = () => undefined,
  stop: Promise<unknown> = shutdownSignal(),
): Promise<void> {
  if (kernel.config.server.transport === 'http') await serveHttp(kernel, io, onListening, stop);
  else await serveStdio(kernel, io, onListening, stop);
}

// Each transport is imported only when chosen: the HTTP stack would add to every stdio cold start.
async function serveHttp(
  kernel: Kernel,
  io: CliIo,
  onListening: (url: URL) => void,
  stop: Promise<unknown>,
): Promise<void> {
  const [{ startHttpServer }, { httpAuthOptions }] = await Promise.all([
    import('../kernel/transports/http.js'),
    import('../kernel/auth/http-options.js'),
  ]);
  const { http } = kernel.config.server;
  // Without auth, loopback clients are this machine's users, like stdio's: one anonymous principal.
  const auth = httpAuthOptions(kernel);
  const approvalConsole = await approvalConsoleFor(kernel, io, auth);
  const server = await startHttpServer({
    ...http,
    replicaId: replicaIdOf(http.replicaId, io.env),
    auth,
    createServer: ({ sessionId, principal }) => kernel.createServer({ principal, sessionId }),
    log: (message) => io.stderr(`mcp-xdr: ${message}\n`),
    routes: approvalConsole.routes,
  });
  await approvalConsole.announce(new URL(CONSOLE_PATH, server.url));
  // Always printed, whatever the log level: scripts read the bound port from it (`--port 0`).
  io.stderr(`mcp-xdr: listening on ${server.url.href}\n`);
  onListening(server.url);
  await stop;
  await server.close();
}

/** `server.http.replicaId`, else MCP_XDR_REPLICA_ID (one config file, one variable per replica). */
function replicaIdOf(configured: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const value = configured ?? env.MCP_XDR_REPLICA_ID;
  if (value === undefined || value === '') return undefined;
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(value)) {
    throw new UsageError('MCP_XDR_REPLICA_ID: lowercase letters, digits and dashes, at most 32');
  }
  return value;
}

async function serveStdio(
  kernel: Kernel,
  io: CliIo,
  onListening: (url: undefined) => void,
  stop: Promise<unknown>,
): Promise<void> {
  const { startStdioServer } = await import('../kernel/transports/stdio.js');
  const approvalConsole = needsConsole(kernel) ? await startStdioConsole(kernel, io) : undefined;
  const server = await startStdioServer(() => kernel.createServer(), { stdout: io.protocolStdout });
  onListening(undefined);
  // `closed` resolves when the client ends stdin.
  await Promise.race([server.closed, stop]);
  await server.close();
  await approvalConsole?.close();
}

/** stdio has no HTTP listener: the console gets a loopback port of its own. */
async function startStdioConsole(kernel: Kernel, io: CliIo) {
  const [{ startConsoleServer }, { httpAuthOptions }] = await Promise.all([
    import('../kernel/approvals/console-server.js'),
    import('../kernel/auth/http-options.js'),
  ]);
  const approvalConsole = await approvalConsoleFor(kernel, io, httpAuthOptions(kernel));
  const running = await startConsoleServer(
    approvalConsole.routes,
    kernel.config.policy.approval.console.port,
    (m) => io.stderr(`mcp-xdr: ${m}\n`),
  );
  await approvalConsole.announce(running.url);
  return running;
}
