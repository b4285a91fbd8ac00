import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { writeCredentialFolder } from './cli-files.js';
import { type RunningEmulator, startEmulator } from './start.js';

export interface EmulatorCommandIo {
  /** Receives the one JSON line (stdout for the real command). */
  stdout(line: string): void;
  /** Usage and errors (stderr for the real command). */
  stderr(text: string): void;
  /** Stops the emulator like SIGINT/SIGTERM do; lets tests run the command in-process. */
  signal?: AbortSignal;
}

const USAGE = 'usage: mcp-xdr emulator [--port P] [--seed N] [--as-microsoft]\n';

const processIo: EmulatorCommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (text) => process.stderr.write(text),
};

interface Args {
  port: number;
  seed: number;
  asMicrosoft: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const values: Args = { port: 0, seed: 1, asMicrosoft: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (flag === '--as-microsoft') {
      values.asMicrosoft = true;
      continue;
    }
    const [name, inline] = flag.startsWith('--') ? flag.slice(2).split('=', 2) : [flag, undefined];
    if (name !== 'port' && name !== 'seed') return `unknown argument ${JSON.stringify(flag)}`;
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    if (raw === undefined || raw === '' || !Number.isInteger(value) || value < 0)
      return `--${name} needs a whole number`;
    if (name === 'port' && value > 65535) return '--port must be at most 65535';
    values[name] = value;
  }
  return values;
}

/** The preload that makes Node 20's fetch honour HTTPS_PROXY (built JS only; see docs/emulator.md). */
const NODE_PRELOAD = fileURLToPath(new URL('./drop-in/node-preload.js', import.meta.url));

/** Drop-in mode's part of the JSON line: `HTTPS_PROXY`, the CA bundle to trust, the hosts served. */
function dropInFields(emulator: RunningEmulator, caFile: string): Record<string, unknown> {
  if (!emulator.dropIn) return {};
  return {
    proxy: emulator.dropIn.proxy,
    caBundle: caFile,
    microsoftHosts: emulator.dropIn.hosts,
    ...(existsSync(NODE_PRELOAD) ? { nodePreload: NODE_PRELOAD } : {}),
  };
}

/** Resolves on SIGINT, SIGTERM or the abort signal; `dispose()` removes the listeners. */
function waitForStop(signal: AbortSignal | undefined): { stopped: Promise<void>; dispose(): void } {
  let dispose = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    const done = () => {
      dispose();
      resolve();
    };
    dispose = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
  return { stopped, dispose: () => dispose() };
}

/**
 * `mcp-xdr emulator`: starts the emulator, writes credentials to a private temp folder, prints one
 * JSON line (paths and variable names, never a secret), serves until SIGINT/SIGTERM, then removes
 * the folder. Resolves to the exit code.
 */
export async function runEmulatorCommand(
  argv: readonly string[],
  io: EmulatorCommandIo = processIo,
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`${args}\n${USAGE}`);
    return 2;
  }
  let emulator: RunningEmulator | undefined;
  let folder: string | undefined;
  // Listen before anything is announced: a signal that follows the JSON line at once must find the
  // handler, or Node's default ends the process and leaves the credential folder behind.
  const stop = waitForStop(io.signal);
  try {
    emulator = await startEmulator({ port: args.port, seed: args.seed, asMicrosoft: args.asMicrosoft });
    const files = await writeCredentialFolder(emulator);
    folder = files.folder;
    io.stdout(
      JSON.stringify({
        emulator: 'mcp-xdr',
        endpoints: { ...emulator.urls, control: emulator.control.url },
        caFile: files.caFile,
        folder: files.folder,
        envFile: files.envFile,
        configFile: files.configFile,
        controlKeyEnv: files.controlKeyEnv,
        managedIdentity: { endpointEnv: 'IDENTITY_ENDPOINT', headerEnv: 'IDENTITY_HEADER' },
        tenants: files.tenants,
        ...dropInFields(emulator, files.caFile),
      }),
    );
    io.stderr(
      `mcp-xdr emulator: serving on ${emulator.urls.login}; credentials and config in ${files.folder} ` +
        '(removed on exit); Ctrl-C stops it\n',
    );
    await stop.stopped;
    return 0;
  } catch (error) {
    io.stderr(`mcp-xdr emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    stop.dispose();
    await emulator?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}
