/**
 * A 100,000-row hunting result shaped to the budget: `run_hunting_query` through the whole stack
 * (MCP client, kernel, Defender layer, HTTPS) against the emulator's real KQL engine. Prints wall
 * time and peak memory next to the raw payload size (target: peak memory under 3x the payload).
 * Run: `npm run build && node dist/bench/hunting-budget.js`.
 *
 * The emulator runs in a child process, so the parent's memory is the server's alone: the child
 * builds and serialises the 100,000 rows and reports the payload size over IPC.
 */
import 'reflect-metadata';
import { type ChildProcess, fork } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { cliConfigSchema } from '../src/cli/config.js';
import { defenderServices } from '../src/cli/kernel.js';
import { builtinPluginsDir } from '../src/cli/package-info.js';
import { writeCredentialFolder } from '../src/emulator/cli-files.js';
import { KqlEngine } from '../src/emulator/kql/index.js';
import { startEmulator } from '../src/emulator/start.js';
import { createKernel } from '../src/kernel/kernel.js';
import { silentLogger } from '../src/kernel/logger.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const SCALE = Number(process.env.BENCH_SCALE ?? 15);
const QUERY =
  'DeviceProcessEvents | project Timestamp, DeviceName, AccountName, FileName, ProcessCommandLine, SHA256 ' +
  `| take ${ROWS}`;

interface Ready {
  folder: string;
  configFile: string;
  envFile: string;
}
type ChildMessage = { ready: Ready } | { payloadBytes: number; rows: number };

/** Child: the emulator, whose engine also measures what it sends (the JSON of the results). */
async function emulatorChild(): Promise<void> {
  const engine = new KqlEngine();
  const emulator = await startEmulator({
    seed: 7,
    scale: SCALE,
    huntingEngine: {
      async run(db, query, options) {
        const result = await engine.run(db, query, options);
        process.send?.({
          payloadBytes: Buffer.byteLength(JSON.stringify(result)),
          rows: result.results.length,
        } satisfies ChildMessage);
        return result;
      },
    },
  });
  const files = await writeCredentialFolder(emulator);
  process.send?.({ ready: files } satisfies ChildMessage);
  process.on('disconnect', () => {
    void emulator.stop().then(() => rm(files.folder, { recursive: true, force: true }));
  });
}

function nextMessage<K extends string>(
  child: ChildProcess,
  key: K,
  accept: (message: Extract<ChildMessage, Record<K, unknown>>) => boolean = () => true,
): Promise<Extract<ChildMessage, Record<K, unknown>>> {
  return new Promise((resolve) => {
    const onMessage = (message: ChildMessage) => {
      if (key in message && accept(message as Extract<ChildMessage, Record<K, unknown>>)) {
        child.off('message', onMessage);
        resolve(message as Extract<ChildMessage, Record<K, unknown>>);
      }
    };
    child.on('message', onMessage);
  });
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ['--emulator'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { ready } = await nextMessage(child, 'ready');
  const written = JSON.parse(await readFile(ready.configFile, 'utf8')) as Record<string, unknown>;
  const env = Object.fromEntries(
    (await readFile(ready.envFile, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const kernel = await createKernel({
    config: { ...written, audit: { stderr: false }, plugins: { hunting: true } },
    configDir: ready.folder,
    builtinDir: builtinPluginsDir(),
    configSchema: cliConfigSchema,
    logger: silentLogger,
    services: defenderServices({ baseDir: ready.folder, env, onWarning: () => undefined }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await kernel.createServer().connect(serverSide);
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(clientSide);
  const hunt = async (query: string) =>
    (await client.callTool({ name: 'run_hunting_query', arguments: { query } }, undefined, {
      timeout: 600_000,
    })) as CallToolResult;
  try {
    // Warm-up: parser, token, TLS connection, JIT; then a clean heap before measuring.
    await hunt('DeviceInfo | take 10');
    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 2);
    // The warm-up's report may still be in flight: wait for the big one.
    const payload = nextMessage(child, 'payloadBytes', (m) => m.rows === ROWS);
    const started = performance.now();
    const result = await hunt(QUERY);
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const { payloadBytes } = await payload;
    if (result.isError) throw new Error(`the hunt failed: ${JSON.stringify(result.content)}`);
    const out = result.structuredContent as {
      results: { rowCount: number; totalRows: number; truncated: boolean }[];
    };
    const shaped = out.results[0];
    const responseBytes = Buffer.byteLength(JSON.stringify(result));
    const rssGrowth = peakRss - rssBefore;
    const ratio = rssGrowth / payloadBytes;
    process.stdout.write(
      [
        `hunting budget: ${shaped?.totalRows} rows returned by the service, ${shaped?.rowCount} kept (truncated: ${shaped?.truncated})`,
        `  raw payload (JSON results)   ${mib(payloadBytes)}`,
        `  MCP response                 ${(responseBytes / 1024).toFixed(1)} KiB`,
        `  wall time                    ${wallMs.toFixed(0)} ms`,
        `  peak RSS growth              ${mib(rssGrowth)}  (${ratio.toFixed(2)}x payload; target < 3x: ${ratio < 3 ? 'within target' : 'OVER target'})`,
        `  peak heap growth (sampled)   ${mib(heapPeak - heapBefore)}  (${((heapPeak - heapBefore) / payloadBytes).toFixed(2)}x payload)`,
        '',
      ].join('\n'),
    );
  } finally {
    await client.close();
    await kernel.close();
    child.disconnect();
  }
}

if (process.argv[2] === '--emulator') await emulatorChild();
else await main();
