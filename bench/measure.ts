import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

/** How to start one server process; `args` follow `node --import probe.js`. */
export interface ServerCommand {
  readonly label: string;
  readonly args: readonly string[];
  /** Extra arguments that make it serve Streamable HTTP (prints `listening on URL` to stderr). */
  readonly httpArgs?: readonly string[];
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
}

const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));
let probes = 0;

/** What the server reported about itself (see probe.ts): CPU µs since it started, and RSS bytes. */
export interface Sample {
  readonly cpuUs: number;
  readonly rss: number;
}

/** A running server with a connected client, which can be asked for its own CPU and RSS. */
export interface Connected {
  readonly client: Client;
  sample(): Promise<Sample>;
  close(): Promise<void>;
}

function probeFile(): string {
  probes += 1;
  const file = join(tmpdir(), `mcp-xdr-bench-probe-${process.pid}-${probes}`);
  writeFileSync(file, '');
  return file;
}

function envOf(server: ServerCommand, probe: string): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [key, value] of Object.entries(server.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  env.MCP_XDR_BENCH_PROBE = probe;
  return env;
}

/** Signals the server and waits for the line its probe appends. */
async function sampleOf(pid: number | null | undefined, probe: string): Promise<Sample> {
  if (pid === null || pid === undefined) throw new Error('no server process to sample');
  const before = readFileSync(probe, 'utf8').length;
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 2) {
    const text = readFileSync(probe, 'utf8');
    if (text.length > before && text.endsWith('\n')) {
      const line = JSON.parse(text.slice(before).trim()) as { user: number; system: number; rss: number };
      return { cpuUs: line.user + line.system, rss: line.rss };
    }
    await sleep(2);
  }
  throw new Error(`server ${pid} did not answer the probe`);
}

export async function connectStdio(server: ServerCommand): Promise<Connected> {
  const probe = probeFile();
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', PROBE, ...server.args],
    env: envOf(server, probe),
    ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    stderr: 'ignore',
  });
  await client.connect(transport);
  return {
    client,
    sample: () => sampleOf(transport.pid, probe),
    close: async () => {
      await client.close();
      rmSync(probe, { force: true });
    },
  };
}

/** Starts the server with its HTTP arguments and connects once it says where it listens. */
export async function connectHttp(server: ServerCommand): Promise<Connected> {
  if (server.httpArgs === undefined) throw new Error(`${server.label} has no HTTP mode in the bench`);
  const probe = probeFile();
  const child = spawn(process.execPath, ['--import', PROBE, ...server.args, ...server.httpArgs], {
    env: envOf(server, probe),
    cwd: server.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await listeningUrl(child, server.label);
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url));
  return {
    client,
    sample: () => sampleOf(child.pid, probe),
    close: async () => {
      await client.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(probe, { force: true });
    },
  };
}

function listeningUrl(child: ChildProcess, label: string): Promise<URL> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      text += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match?.[1] !== undefined) resolve(new URL(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before listening: ${text}`)));
  });
}

/**
 * `tools/list` answered, as the protocol has it. Not `client.listTools()`: that also compiles a JSON
 * Schema validator for every listed output schema in the client (half a second for the 35 built-in
 * tools' rich schemas, against next to nothing for the peers' one-field ones), a cost of that client
 * and not of the server's start-up.
 */
async function listTools(client: Client) {
  return client.request({ method: 'tools/list' }, ListToolsResultSchema);
}

/**
 * What `client.listTools()` adds in an SDK client after the answer (left out of the cold start, said
 * beside it): compiling a validator for each listed output schema, in ms, in this process.
 */
export async function clientValidatorCompileMs(server: ServerCommand): Promise<number> {
  const connected = await connectStdio(server);
  try {
    const { tools } = await listTools(connected.client);
    const validators = new AjvJsonSchemaValidator();
    const started = performance.now();
    for (const tool of tools) if (tool.outputSchema !== undefined) validators.getValidator(tool.outputSchema);
    return performance.now() - started;
  } finally {
    await connected.close();
  }
}

/** Spawn to `initialize` and `tools/list` answered, in ms. Returns the listed tool names too. */
export async function coldStart(server: ServerCommand): Promise<{ ms: number; tools: string[] }> {
  const started = performance.now();
  const connected = await connectStdio(server);
  const { tools } = await listTools(connected.client);
  const ms = performance.now() - started;
  await connected.close();
  return { ms, tools: tools.map((tool) => tool.name) };
}

/** Spawn to the answer of one call of `tool` (after `tools/list`), in ms: what lazy loading defers is in it. */
export async function firstCall(
  server: ServerCommand,
  tool: string,
  args: Record<string, unknown>,
): Promise<number> {
  const started = performance.now();
  const connected = await connectStdio(server);
  try {
    await listTools(connected.client);
    await callOk(connected.client, server, tool, args);
    return performance.now() - started;
  } finally {
    await connected.close();
  }
}

async function callOk(
  client: Client,
  server: ServerCommand,
  tool: string,
  args: Record<string, unknown> = {},
) {
  const result = await client.callTool({ name: tool, arguments: args });
  if (result.isError) throw new Error(`${server.label}: ${tool} failed: ${JSON.stringify(result.content)}`);
}

/** One loop over a connected server: latency per call, the server's CPU per call, its RSS after. */
export interface LoopResult {
  /** Median call latency, ms (sequential loops). */
  readonly medianMs: number;
  /** Calls per second (concurrent loops). */
  readonly callsPerSecond: number;
  /** Server CPU per call, µs (user + system, from the server's own process.cpuUsage). */
  readonly cpuUsPerCall: number;
  /** The server's RSS after the loop, MiB. */
  readonly rssMiB: number;
}

/**
 * `calls` calls to `tool` (after `warmup` unmeasured ones) with `inFlight` outstanding at a time
 * (1: sequential, each call's latency is a sample).
 */
export async function callLoop(
  connected: Connected,
  server: ServerCommand,
  tool: string,
  options: { calls: number; warmup: number; inFlight: number },
): Promise<LoopResult> {
  const { client } = connected;
  for (let i = 0; i < options.warmup; i++) await callOk(client, server, tool);
  const before = await connected.sample();
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.calls) {
      next += 1;
      const callStarted = performance.now();
      await callOk(client, server, tool);
      samples.push(performance.now() - callStarted);
    }
  };
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await connected.sample();
  return {
    medianMs: median(samples),
    callsPerSecond: options.calls / seconds,
    cpuUsPerCall: (after.cpuUs - before.cpuUs) / options.calls,
    rssMiB: after.rss / 2 ** 20,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
