import { join } from 'node:path';
import { Client, type ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createKernel, type Kernel, type KernelOptions } from '../../src/kernel/kernel.js';
import { silentLogger } from '../../src/kernel/logger.js';
import type { SessionInfo } from '../../src/kernel/server.js';

/** test/fixtures: fixture configs name plugins as `./plugins/<name>` relative to it. */
export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures');

/** A kernel over fixture plugins, quiet unless the test passes a logger. */
export function fixtureKernel(config: unknown, options: Partial<KernelOptions> = {}): Promise<Kernel> {
  return createKernel({ config, configDir: FIXTURES_DIR, logger: silentLogger, ...options });
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
