import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** A built `mcp-xdr serve --transport http` child process and the URL it listens on. */
export interface HttpChild {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server wrote to stderr so far (shown when something goes wrong). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts the CLI on a free port (`--port 0`) and reads the bound URL from its `listening on` line,
 * which avoids the race of picking a port first and binding it later.
 */
export async function startHttpChild(cli: string, config: string, timeoutMs = 20_000): Promise<HttpChild> {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--transport', 'http', '--port', '0', '--config', config],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${log}`));
    });
  });
  return {
    url,
    child,
    stderr: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
