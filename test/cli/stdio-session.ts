import { spawn } from 'node:child_process';
import { CLI, ROOT } from './run-cli.js';

export interface StdioSession {
  /** Every line the server wrote to stdout, unparsed. */
  stdoutLines: string[];
  stderr: string;
  code: number | null;
  /** Parsed JSON-RPC responses by request id. */
  responses: Map<number, Record<string, unknown>>;
}

const initialize = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-stdio', version: '0' },
  },
};

/**
 * Drives the built `mcp-xdr serve` over raw stdin/stdout, deliberately without the SDK client (which
 * would hide a stray non-JSON line): initialize, then `requests` one by one, each after the previous
 * answer; then ends stdin, which must end the server.
 */
export function stdioSession(
  config: string,
  requests: { method: string; params?: Record<string, unknown> }[],
  env: Record<string, string> = {},
): Promise<StdioSession> {
  return rawStdioSession(['serve', '--config', config], requests, env);
}

/** The same session with any command line (`sandbox --transport stdio`). */
export function rawStdioSession(
  args: readonly string[],
  requests: { method: string; params?: Record<string, unknown> }[],
  env: Record<string, string> = {},
): Promise<StdioSession> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const session: StdioSession = { stdoutLines: [], stderr: '', code: null, responses: new Map() };
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const sendNext = (id: number) => {
      const request = requests[id - 1];
      if (request === undefined) {
        child.stdin.end();
        return;
      }
      send({ jsonrpc: '2.0', id, ...request });
    };
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        session.stdoutLines.push(line);
        const message = safeParse(line);
        if (
          message === undefined ||
          typeof message.id !== 'number' ||
          !('result' in message || 'error' in message)
        ) {
          continue;
        }
        session.responses.set(message.id, message);
        if (message.id === 0) send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        sendNext(message.id + 1);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      session.stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (buffered !== '') session.stdoutLines.push(buffered);
      session.code = code;
      resolve(session);
    });
    send(initialize);
  });
}

function safeParse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
