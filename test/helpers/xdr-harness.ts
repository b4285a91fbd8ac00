import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client, ClientOptions } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cliConfigSchema } from '../../src/cli/config.js';
import { defenderServices } from '../../src/cli/kernel.js';
import { readEmulatedTenants } from '../../src/cli/sandbox/emulated-tenants.js';
import { type CredentialFolder, writeCredentialFolder } from '../../src/emulator/cli-files.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { createKernel, type Kernel } from '../../src/kernel/kernel.js';
import { silentLogger } from '../../src/kernel/logger.js';
import { connect } from './kernel-client.js';

/** Built-in plugins, loaded from source (vitest runs the TypeScript). */
export const BUILTIN_PLUGINS_DIR = join(import.meta.dirname, '..', '..', 'src', 'plugins');

export interface XdrHarness {
  emulator: RunningEmulator;
  files: CredentialFolder;
  kernel: Kernel;
  client: Client;
  /** Calls a tool and returns the raw result (isError results are returned, not thrown). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export interface XdrHarnessOptions {
  /** The `plugins` section, e.g. `{ incidents: true }`. */
  plugins: Record<string, unknown>;
  /** Other kernel sections (`policy`, ...), merged over the defaults; a function when they name the emulator. */
  config?:
    | Record<string, unknown>
    | ((emulator: RunningEmulator, files: CredentialFolder) => Record<string, unknown>);
  emulator?: EmulatorOptions;
  capabilities?: ClientOptions['capabilities'];
}

/**
 * The whole stack in one process, with no mocks: the emulator on loopback HTTPS with its seeded
 * tenants, the credential files and config it writes (the same as `mcp-xdr emulator`), a kernel with
 * the Defender layer and the given plugins, and a real MCP client over an in-memory transport.
 * Tenants are `contoso` (default) and `fabrikam` (full apps), `contoso-readonly`, `fabrikam-readonly`.
 */
export async function startXdr(options: XdrHarnessOptions): Promise<XdrHarness> {
  const emulator = await startEmulator({ seed: 7, ...options.emulator });
  const files = await writeCredentialFolder(emulator);
  const { tenants, env } = await readEmulatedTenants(files);
  const extra = typeof options.config === 'function' ? options.config(emulator, files) : options.config;
  const kernel = await createKernel({
    config: { audit: { stderr: false }, tenants, ...extra, plugins: options.plugins },
    configDir: files.folder,
    builtinDir: BUILTIN_PLUGINS_DIR,
    configSchema: cliConfigSchema,
    logger: silentLogger,
    services: defenderServices({ baseDir: files.folder, env, onWarning: () => undefined }),
  });
  const connected = await connect(kernel, { capabilities: options.capabilities ?? {} });
  return {
    emulator,
    files,
    kernel,
    client: connected.client,
    call: async (name, args = {}) =>
      (await connected.client.callTool({ name, arguments: args })) as CallToolResult,
    async close() {
      await connected.close();
      await kernel.close();
      await emulator.stop();
      await rm(files.folder, { recursive: true, force: true });
    },
  };
}
