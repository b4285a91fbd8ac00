import { performance } from 'node:perf_hooks';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** How to start one server process over stdio. */
export interface ServerCommand {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which `fraction` of the samples fall (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Latency of one run of calls: the median, and the 10th percentile (what an unloaded core gives). */
export interface CallLatency {
  readonly median: number;
  readonly p10: number;
}

async function connect(server: ServerCommand): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const transport = new StdioClientTransport({
    command: server.command,
    args: [...server.args],
    env: { ...(process.env as Record<string, string>), ...server.env },
    stderr: 'ignore',
  });
  await client.connect(transport);
  return client;
}

/** Spawn to `initialize` and `tools/list` answered, in ms. Returns the listed tool names too. */
export async function coldStart(server: ServerCommand): Promise<{ ms: number; tools: string[] }> {
  const started = performance.now();
  const client = await connect(server);
  const { tools } = await client.listTools();
  const ms = performance.now() - started;
  await client.close();
  return { ms, tools: tools.map((tool) => tool.name) };
}

/** Latency of `calls` sequential calls to one tool, after `warmup` unmeasured ones. */
export async function perCall(
  server: ServerCommand,
  tool: string,
  calls: number,
  warmup: number,
): Promise<CallLatency> {
  const client = await connect(server);
  try {
    const samples: number[] = [];
    for (let i = 0; i < warmup + calls; i++) {
      const started = performance.now();
      const result = await client.callTool({ name: tool, arguments: {} });
      const elapsed = performance.now() - started;
      if (result.isError)
        throw new Error(`${server.label}: ${tool} failed: ${JSON.stringify(result.content)}`);
      if (i >= warmup) samples.push(elapsed);
    }
    return { median: median(samples), p10: percentile(samples, 0.1) };
  } finally {
    await client.close();
  }
}
