/**
 * Replicas: tools/call throughput of three `mcp-xdr serve` replicas behind nginx against one replica
 * (both on the same Redis), and the per-operation cost of the Redis StateStore against the memory
 * one, as ratios from one run. Run: `npm run build && node dist/bench/replicas.js`.
 *
 * The load is `get_hunting_schema` (no Defender round trip: the server's own work is measured) from
 * CLIENTS concurrent sessions for SECONDS each. On a machine with fewer cores than replicas plus the
 * client plus nginx, the cores, not the replicas, are the limit: the run measures where the CPU went
 * (per process, from /proc) and prints what held each throughput back.
 */
import 'reflect-metadata';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readEmulatedTenants } from '../src/cli/sandbox/emulated-tenants.js';
import { writeCredentialFolder } from '../src/emulator/cli-files.js';
import { startEmulator } from '../src/emulator/start.js';
import { MemoryStateStore } from '../src/kernel/state/memory.js';
import { RedisStateStore } from '../src/kernel/state/redis.js';
import type { StateStore } from '../src/kernel/state/store.js';
import { type Deployment, startDeployment } from '../test/fixtures/replicas/deployment.js';
import { RedisServer } from '../test/fixtures/replicas/redis-server.js';
import { type CpuShare, cpuWindow, limitOf } from './cpu-usage.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const STORE_OPS = Number(process.env.BENCH_STORE_OPS ?? 5000);
const CLI = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');

interface Throughput {
  readonly perSecond: number;
  readonly failed: number;
  /** Where the cores went while calling. */
  readonly cpu: CpuShare | undefined;
}

/** Calls per second of CLIENTS sessions calling as fast as answers come, for SECONDS. */
async function throughput(deployment: Deployment): Promise<Throughput> {
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => deployment.connect()));
  const window = cpuWindow(deployment.replicas.map((r) => r.child.pid));
  let done = 0;
  let failed = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < end) {
        const result = await client.callTool({ name: 'get_hunting_schema', arguments: {} });
        if (result.isError) failed += 1;
        else done += 1;
      }
    }),
  );
  const cpu = window.stop();
  await Promise.allSettled(clients.map((client) => client.close()));
  return { perSecond: done / SECONDS, failed, cpu };
}

/** Mean µs of one rate-limit count plus one nonce (what a call costs the store), sequentially. */
async function storeCost(store: StateStore): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < STORE_OPS; i += 1) {
    await store.increment('ratelimit:bench:minute', 1, 60_000);
    await store.setIfAbsent(`confirm:nonce:${i}`, '1', 60_000);
  }
  return ((performance.now() - started) * 1000) / STORE_OPS;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: 3 });
  const files = await writeCredentialFolder(emulator);
  const { tenants, env } = await readEmulatedTenants(files);
  const base = {
    cli: CLI,
    tenants,
    env,
    plugins: { hunting: true },
    policy: { rateLimits: { default: { perMinute: 1_000_000 }, tools: {} } },
  };
  const lines: string[] = [];
  try {
    const one = await startDeployment({ ...base, replicas: 1 });
    const single = await throughput(one).finally(() => one.close());
    const three = await startDeployment({ ...base, replicas: 3 });
    const spread = await throughput(three).finally(() => three.close());
    const cores = availableParallelism();
    lines.push(
      `tools/call throughput, ${CLIENTS} clients, ${SECONDS} s, ${cores} cores`,
      `  1 replica (direct):      ${single.perSecond.toFixed(0).padStart(6)} calls/s  failed ${single.failed}`,
      `  3 replicas behind nginx: ${spread.perSecond.toFixed(0).padStart(6)} calls/s  failed ${spread.failed}`,
      `  ratio 3/1: ${(spread.perSecond / single.perSecond).toFixed(2)}x (goal >= 2.5x where the cores are not the limit)`,
      `  what limits 1 replica:  ${limitOf(single.cpu, cores, 1, CLIENTS)}`,
      `  what limits 3 replicas: ${limitOf(spread.cpu, cores, 3, CLIENTS)}`,
      // Three replicas can only triple one replica's rate with a core each, besides the client's and nginx's.
      `  the goal needs a core per replica and about two more (client, nginx + Redis): 5; this machine has ${cores}`,
    );
    const redis = await RedisServer.start();
    const remote = new RedisStateStore({ url: redis.url, keyPrefix: 'bench:' });
    try {
      await remote.connect();
      const memoryUs = await storeCost(new MemoryStateStore());
      const redisUs = await storeCost(remote);
      lines.push(
        `state store, one count + one nonce per call (${STORE_OPS} sequential)`,
        `  memory: ${memoryUs.toFixed(1)} µs  redis: ${redisUs.toFixed(1)} µs  ratio ${(redisUs / memoryUs).toFixed(0)}x (a loopback round trip each)`,
      );
    } finally {
      await remote.close();
      await redis.close();
    }
  } finally {
    await emulator.stop();
    await rm(files.folder, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
