import { rm } from 'node:fs/promises';
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

const USAGE = 'usage: mcp-xdr emulator [--port P] [--seed N]\n';

const processIo: EmulatorCommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (text) => process.stderr.write(text),
};

function parseArgs(argv: readonly string[]): { port: number; seed: number } | string {
  const values = { port: 0, seed: 1 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
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
    emulator = await startEmulator({ port: args.port, seed: args.seed });
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
