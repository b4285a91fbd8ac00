/**
 * `npm run bench`: mcp-xdr against a bare SDK server with the same tools, and against fastmcp and
 * mcp-framework serving the same tools, in the same run. Sections:
 *   cold start, production path: `serve` with a tenant on the emulator and the default `.ts` config
 *   cold start, tenantless (the bench config), and 10 / 100 / 1,000-tool scaling
 *   first Defender answer on the production path (what lazy loading moves out of start-up)
 *   per call over stdio: latency and the server's own CPU (process.cpuUsage, reported by the server)
 *   throughput over stdio with 16 calls in flight, server CPU per call, and RSS after 10,000 calls
 *   per call over Streamable HTTP: latency and server CPU (ours and bare)
 * Every section alternates the servers run by run and prints each one's median and its ratio to the
 * bare SDK server of the same run, as min / median / max. Nothing is asserted: numbers depend on the
 * machine, and a shared machine makes them noisy (trust the ratios and re-run to confirm).
 * BENCH_COLD_RUNS, BENCH_RUNS, BENCH_CALLS, BENCH_FLIGHT_CALLS, BENCH_SCALE override the counts;
 * BENCH_ONLY=cold,scale,first,call,flight,http picks sections. BENCH_BEFORE=<other checkout>/dist
 * runs that build too, in the same loops (before/after from one run; see servers.ts).
 */
import '../src/cli/reflect-metadata.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  callLoop,
  clientValidatorCompileMs,
  coldStart,
  connectHttp,
  connectStdio,
  firstCall,
  type ServerCommand,
} from './measure.js';
import { productionDeployment } from './production.js';
import { alternate, type Series, type Target, table } from './report.js';
import { builds, oursProduction, oursTenantless, peer } from './servers.js';
import { sessionCost } from './session-cost.js';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 11);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const FLIGHT_CALLS = Number(process.env.BENCH_FLIGHT_CALLS ?? 10_000);
const SCALE = (process.env.BENCH_SCALE ?? '10,100,1000').split(',').map(Number);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'cold,scale,first,call,flight,http').split(','));
const MEASURED_TOOL = 'test_simple_text';
const DEFENDER_TOOL = 'list_incidents';

const auditDir = mkdtempSync(join(tmpdir(), 'mcp-xdr-bench-'));
const out = (text: string) => process.stdout.write(text);
const max = (ratio: number): Target => ({ bound: 'max', ratio });
const targets = (servers: readonly ServerCommand[], target: Target) =>
  new Map(servers.map((server) => [server, target]));

function peers(tools: readonly string[]) {
  return {
    bare: peer('bare', tools),
    fastmcp: peer('fastmcp', tools),
    framework: peer('mcp-framework', tools),
  };
}

async function coldSection(
  title: string,
  servers: ServerCommand[],
  baseline: ServerCommand,
  targets: Map<ServerCommand, Target>,
  runs = COLD_RUNS,
) {
  const series = await alternate(servers, runs, async (server) => (await coldStart(server)).ms);
  out(table(title, series, baseline, 'ms', targets, 1));
}

async function scaling(): Promise<void> {
  for (const count of SCALE) {
    const ours = builds().map((build) =>
      oursTenantless(build, join(auditDir, `scale-${count}.jsonl`), count),
    );
    const { tools } = await coldStart(ours[0] as ServerCommand);
    const { bare, fastmcp, framework } = peers(tools);
    const runs = Math.max(3, Math.round(COLD_RUNS / 2));
    await coldSection(
      `cold start with ${count} tools`,
      [...ours, bare, fastmcp, framework],
      bare,
      targets(ours, max(1.4)),
      runs,
    );
  }
}

/** One loop per server per run; each metric of the loop becomes its own series. */
async function loops(
  servers: ServerCommand[],
  runs: number,
  connect: (server: ServerCommand) => ReturnType<typeof connectStdio>,
  options: { calls: number; warmup: number; inFlight: number },
) {
  const metrics = { latency: new Map(), cpu: new Map(), rate: new Map(), rss: new Map() } as Record<
    'latency' | 'cpu' | 'rate' | 'rss',
    Series
  >;
  for (const series of Object.values(metrics)) for (const server of servers) series.set(server, []);
  await alternate(servers, runs, async (server) => {
    const connected = await connect(server);
    try {
      const result = await callLoop(connected, server, MEASURED_TOOL, options);
      metrics.latency.get(server)?.push(result.medianMs);
      metrics.cpu.get(server)?.push(result.cpuUsPerCall);
      metrics.rate.get(server)?.push(result.callsPerSecond);
      metrics.rss.get(server)?.push(result.rssMiB);
    } finally {
      await connected.close();
    }
    return 0;
  });
  return metrics;
}

async function main(): Promise<void> {
  const production = await productionDeployment();
  try {
    const prods = builds().map((build) => oursProduction(build, production.dir, production.env));
    const tenantlesses = builds().map((build) =>
      oursTenantless(build, join(auditDir, `${build.label}.jsonl`)),
    );
    const [prod, tenantless] = [prods[0], tenantlesses[0]] as [ServerCommand, ServerCommand];
    const first = await coldStart(prod);
    for (const other of prods.slice(1)) await coldStart(other);
    const probe = await coldStart(tenantless);
    if (!probe.tools.includes(MEASURED_TOOL))
      throw new Error(`the bench config does not enable ${MEASURED_TOOL}`);
    out(
      `mcp-xdr bench: node ${process.version}; production path ${first.tools.length} tools, ` +
        `tenantless ${probe.tools.length} tools; first production start (config not yet compiled) ` +
        `${first.ms.toFixed(1)} ms\n\n`,
    );
    const prodPeers = peers(first.tools);
    const [oursCompile, bareCompile] = [
      await clientValidatorCompileMs(prod),
      await clientValidatorCompileMs(prodPeers.bare),
    ];
    out(
      `(not in the cold start figures: an SDK client's listTools() then compiles each listed output ` +
        `schema, ${oursCompile.toFixed(0)} ms for the production listing, ${bareCompile.toFixed(0)} ms ` +
        `for the bare SDK's, in the client)\n\n`,
    );
    const small = peers(probe.tools);
    const all = [...tenantlesses, small.bare, small.fastmcp, small.framework];

    if (ONLY.has('cold')) {
      await coldSection(
        'cold start, production path (tenant + default .ts config), spawn -> initialize + tools/list',
        [...prods, prodPeers.bare, prodPeers.fastmcp, prodPeers.framework],
        prodPeers.bare,
        targets(prods, max(1.3)),
      );
      await coldSection(
        'cold start, tenantless bench config',
        all,
        small.bare,
        targets(tenantlesses, max(1.3)),
      );
    }
    if (ONLY.has('scale')) await scaling();
    if (ONLY.has('first')) {
      const series = await alternate(
        [...prods, prodPeers.bare],
        Math.max(3, Math.round(COLD_RUNS / 2)),
        (server) =>
          server === prodPeers.bare
            ? firstCall(server, first.tools[0] as string, {})
            : firstCall(server, DEFENDER_TOOL, {}),
      );
      out(
        table(
          `spawn -> tools/list -> first answer (mcp-xdr: ${DEFENDER_TOOL} from the emulator, sign-in included)`,
          series,
          prodPeers.bare,
          'ms',
          new Map(),
          1,
        ),
      );
    }
    if (ONLY.has('call')) {
      const m = await loops(all, RUNS, connectStdio, { calls: CALLS, warmup: 50, inFlight: 1 });
      out(
        table(
          `per call over stdio (${MEASURED_TOOL}, whole chain, audit on), median latency`,
          m.latency,
          small.bare,
          'ms',
          targets(tenantlesses, max(1.25)),
          3,
        ),
      );
      out(
        table(
          'server CPU per call over stdio (process.cpuUsage of the server)',
          m.cpu,
          small.bare,
          'us',
          targets(tenantlesses, max(1.25)),
          1,
        ),
      );
    }
    if (ONLY.has('flight')) {
      const m = await loops(all, Math.max(3, Math.round(RUNS / 2)), connectStdio, {
        calls: FLIGHT_CALLS,
        warmup: 200,
        inFlight: 16,
      });
      out(
        table(
          `throughput over stdio, 16 in flight (${FLIGHT_CALLS} calls)`,
          m.rate,
          small.bare,
          'calls/s',
          targets(tenantlesses, { bound: 'min', ratio: 0.9 }),
          0,
        ),
      );
      out(table('server CPU per call, 16 in flight', m.cpu, small.bare, 'us', new Map(), 1));
      out(
        table(
          `RSS after ${FLIGHT_CALLS} calls`,
          m.rss,
          small.bare,
          'MiB',
          targets(tenantlesses, max(1.1)),
          1,
        ),
      );
    }
    if (ONLY.has('http')) {
      const m = await loops([...tenantlesses, small.bare], RUNS, connectHttp, {
        calls: CALLS,
        warmup: 50,
        inFlight: 1,
      });
      out(table('per call over Streamable HTTP, median latency', m.latency, small.bare, 'ms', new Map(), 3));
      out(
        table(
          'server CPU per call over Streamable HTTP',
          m.cpu,
          small.bare,
          'us',
          targets(tenantlesses, max(1.15)),
          1,
        ),
      );
    }
    const session = await sessionCost(tenantless.args[3] as string);
    out(
      `per session (kernel.createServer() vs new McpServer + registerTool), in-process: ` +
        `mcp-xdr ${session.oursUs.toFixed(1)} us, bare ${session.bareUs.toFixed(1)} us\n`,
    );
  } finally {
    await production.close();
  }
}

try {
  await main();
} finally {
  rmSync(auditDir, { recursive: true, force: true });
}
