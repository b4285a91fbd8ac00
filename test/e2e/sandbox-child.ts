import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, ROOT } from '../cli/run-cli.js';

/** A built `mcp-xdr sandbox` child over HTTP, with a real SDK client connected to it. */
export interface SandboxChild {
  readonly client: Client;
  readonly child: ChildProcess;
  readonly url: URL;
  /** The emulator's temporary credential folder, read from the start-up line. */
  readonly folder: string;
  stdout(): string;
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const FOLDER_LINE = /temporary credentials in (\S+) \(removed on exit\)/;
const LISTENING_LINE = /listening on (http:\/\/\S+)/;

function collect(stream: NodeJS.ReadableStream | null | undefined, onText: (all: string) => void) {
  let text = '';
  stream?.on('data', (chunk: Buffer) => {
    text += chunk;
    onText(text);
  });
  return () => text;
}

/** Resolves with the match once `read()` contains `pattern`; rejects if the child exits first. */
function waitFor(child: ChildProcess, read: () => string, pattern: RegExp, timeoutMs = 30_000) {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(read());
      if (match?.[1] !== undefined) {
        clearInterval(timer);
        clearTimeout(deadline);
        resolve(match[1]);
      }
    }, 25);
    const deadline = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`sandbox did not print ${pattern} in ${timeoutMs} ms:\n${read()}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearInterval(timer);
      clearTimeout(deadline);
      reject(new Error(`sandbox exited with ${code} before ${pattern}:\n${read()}`));
    });
  });
}

function stopper(child: ChildProcess) {
  return async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    }
    return child.exitCode;
  };
}

const caller =
  (client: Client) =>
  async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

/** `mcp-xdr sandbox --port 0 ...`, then an SDK client over Streamable HTTP. */
export async function startSandboxHttp(args: readonly string[] = []): Promise<SandboxChild> {
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, MCP_XDR_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout = collect(child.stdout, () => undefined);
  const stderr = collect(child.stderr, () => undefined);
  const stop = stopper(child);
  try {
    const url = new URL(await waitFor(child, stderr, LISTENING_LINE));
    const folder = await waitFor(child, stderr, FOLDER_LINE);
    const client = new Client({ name: 'e2e-http', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url));
    return { client, child, url, folder, stdout, stderr, call: caller(client), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A sandbox over stdio, spawned and owned by the SDK's own stdio client transport. */
export interface StdioSandbox {
  readonly client: Client;
  stderr(): string;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Ends the session (stdin closes, which ends the server). */
  close(): Promise<void>;
}

/** `args` follow `sandbox --transport stdio`. */
export function startSandboxStdio(args: readonly string[] = []): Promise<StdioSandbox> {
  return startStdioServer([CLI, 'sandbox', '--transport', 'stdio', ...args]);
}

/** `node <argv>` as a client's child over stdio, with a real SDK client connected to it. */
export async function startStdioServer(argv: readonly string[]): Promise<StdioSandbox> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...argv],
    cwd: ROOT,
    env: { ...(process.env as Record<string, string>), MCP_XDR_CONFIG: '' },
    stderr: 'pipe',
  });
  const stderr = collect(transport.stderr as NodeJS.ReadableStream | null, () => undefined);
  const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
  await client.connect(transport);
  // The start-up line is written before the server reads stdin; give the pipe a moment to deliver it.
  for (let i = 0; i < 100 && !FOLDER_LINE.test(stderr()); i += 1) await new Promise((r) => setTimeout(r, 20));
  return { client, stderr, call: caller(client), close: () => client.close() };
}
