import { join } from 'node:path';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/kernel.js';
import { silentLogger } from '../../src/kernel/logger.js';
import type { SessionInfo } from '../../src/kernel/server.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';

/** test/fixtures: fixture configs name plugins as `./plugins/<name>` relative to it. */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/**
 * A kernel over fixture plugins, quiet unless the test passes a logger: with no `audit` section the
 * audit log is off (rather than on stderr), so test output stays readable.
 */
export function fixtureKernel(
  config: Record<string, unknown>,
  options: Partial<KernelOptions> = {},
): Promise<Kernel> {
  const quiet = { audit: { stderr: false }, ...config };
  return createKernel({ config: quiet, configDir: FIXTURES_DIR, logger: silentLogger, ...options });
}

/** Runs a write tool both phases: preview (which returns a token), then the call with the token. */
export async function confirmAndCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const preview = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const token = (preview.structuredContent as { confirmation?: { token: string } } | undefined)?.confirmation
    ?.token;
  if (token === undefined) return preview;
  return (await client.callTool({
    name,
    arguments: { ...args, confirmationToken: token },
  })) as CallToolResult;
}

export interface Connected {
  readonly client: Client;
  close(): Promise<void>;
}

/** A real SDK Client talking to a fresh server of this kernel over an in-memory transport pair. */
export async function connect(
  kernel: Kernel,
  options: { capabilities?: ClientOptions['capabilities']; session?: Partial<SessionInfo> } = {},
): Promise<Connected> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const server = kernel.createServer(options.session);
  await server.connect(serverTransport);
  const client = new Client(
    { name: 'kernel-test', version: '1.0.0' },
    { capabilities: options.capabilities ?? {} },
  );
  await client.connect(clientTransport);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

/** The kernel behind the Streamable HTTP transport on a free loopback port, one server per session. */
export function serveOverHttp(kernel: Kernel): Promise<RunningHttpServer> {
  return startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    maxBodyBytes: 65536,
    createServer: (session) => kernel.createServer(session),
  });
}
