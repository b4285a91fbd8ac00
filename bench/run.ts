/**
 * `npm run bench`: mcp-xdr against a bare SDK server with the same tools, in the same run.
 *   cold start: spawn to `initialize` + `tools/list` answered (target: within 1.3x of bare)
 *   per call:   one read tool called many times with the whole policy chain on (target: within 1.5x)
 *   per session: what one more client session costs (createServer), for information
 * Runs alternate between the two servers, so drift in machine load hits both alike. Prints medians,
 * the spread of the runs and two ratios: of the medians, and the median of each run pair's ratio.
 * On a loaded machine (other processes on the cores) latencies stretch with preemption; the
 * fastest cold start and the 10th-percentile call latency show the cost without it, so both are
 * printed too. It asserts nothing: numbers depend on the machine.
 * BENCH_RUNS, BENCH_CALLS and BENCH_COLD_RUNS override the run counts.
 */
import '../src/cli/reflect-metadata.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CallLatency, coldStart, median, perCall, type ServerCommand } from './measure.js';
import { sessionCost } from './session-cost.js';

const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const WARMUP = 50;
const MEASURED_TOOL = 'test_simple_text';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const auditDir = mkdtempSync(join(tmpdir(), 'mcp-xdr-bench-'));
const configFile = here('./bench.config.js');

const ours: ServerCommand = {
  label: 'mcp-xdr',
  command: process.execPath,
  args: [here('../src/cli/main.js'), 'serve', '--transport', 'stdio', '--config', configFile],
  env: { MCP_XDR_BENCH_AUDIT: join(auditDir, 'audit.jsonl') },
};

function bare(tools: readonly string[]): ServerCommand {
  const others = tools.filter((name) => name !== MEASURED_TOOL);
  return {
    label: 'bare SDK',
    command: process.execPath,
    args: [here('./bare-server.js'), MEASURED_TOOL, ...others],
  };
}

interface Pairs {
  ours: number[];
  bare: number[];
}

/** Runs both measurements `runs` times, alternating which goes first. */
async function alternate(
  runs: number,
  measure: (server: ServerCommand) => Promise<number>,
  baseline: ServerCommand,
) {
  const pairs: Pairs = { ours: [], bare: [] };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [ours, baseline] : [baseline, ours];
    for (const server of order) (server === ours ? pairs.ours : pairs.bare).push(await measure(server));
  }
  return pairs;
}

const fmt = (value: number, unit: string, digits = 2) => `${value.toFixed(digits).padStart(9)} ${unit}`;

function report(title: string, pairs: Pairs, unit: string, target: number, extra = ''): void {
  const [oursMid, bareMid] = [median(pairs.ours), median(pairs.bare)];
  const pairRatio = median(pairs.ours.map((value, i) => value / (pairs.bare[i] as number)));
  const range = (values: number[]) =>
    `(runs ${Math.min(...values).toFixed(2)} .. ${Math.max(...values).toFixed(2)})`;
  const verdict = (ratio: number) => (ratio <= target ? 'within target' : 'OVER target');
  process.stdout.write(
    `${title}\n` +
      `  mcp-xdr  ${fmt(oursMid, unit)}  ${range(pairs.ours)}\n` +
      `  bare SDK ${fmt(bareMid, unit)}  ${range(pairs.bare)}\n` +
      `  ratio of medians        ${fmt(oursMid / bareMid, 'x')}  (target <= ${target}x: ${verdict(oursMid / bareMid)})\n` +
      `  median of pair ratios   ${fmt(pairRatio, 'x')}  (target <= ${target}x: ${verdict(pairRatio)})\n${extra}\n`,
  );
}

async function main(): Promise<void> {
  const probe = await coldStart(ours);
  if (!probe.tools.includes(MEASURED_TOOL))
    throw new Error(`the bench config does not enable ${MEASURED_TOOL}`);
  const baseline = bare(probe.tools);
  process.stdout.write(
    `mcp-xdr bench: ${probe.tools.length} tools, node ${process.version}, ` +
      `${COLD_RUNS} cold starts and ${RUNS} x ${CALLS} calls per server\n\n`,
  );

  const cold = await alternate(COLD_RUNS, async (server) => (await coldStart(server)).ms, baseline);
  const fastest = (values: number[]) => Math.min(...values);
  report(
    'cold start (spawn -> initialize + tools/list), median',
    cold,
    'ms',
    1.3,
    `  fastest run: mcp-xdr ${fastest(cold.ours).toFixed(2)} ms, bare ${fastest(cold.bare).toFixed(2)} ms, ` +
      `ratio ${(fastest(cold.ours) / fastest(cold.bare)).toFixed(2)}x\n`,
  );

  const latencies = new Map<ServerCommand, CallLatency[]>();
  const calls = await alternate(
    RUNS,
    async (server) => {
      const latency = await perCall(server, MEASURED_TOOL, CALLS, WARMUP);
      latencies.set(server, [...(latencies.get(server) ?? []), latency]);
      return latency.median;
    },
    baseline,
  );
  const p10 = (server: ServerCommand) => median((latencies.get(server) ?? []).map((l) => l.p10));
  report(
    `per call (${MEASURED_TOOL}, whole chain on), median of run medians`,
    calls,
    'ms',
    1.5,
    `  10th percentile (median over runs): mcp-xdr ${p10(ours).toFixed(3)} ms, bare ${p10(baseline).toFixed(3)} ms, ` +
      `ratio ${(p10(ours) / p10(baseline)).toFixed(2)}x\n`,
  );

  const session = await sessionCost(configFile);
  process.stdout.write(
    `per session (kernel.createServer(): session containers, tool instances, SDK server)\n` +
      `  mcp-xdr  ${fmt(session.oursUs, 'us', 1)}\n` +
      `  bare SDK ${fmt(session.bareUs, 'us', 1)}  (new McpServer + registerTool for the same tools)\n`,
  );
}

try {
  await main();
} finally {
  rmSync(auditDir, { recursive: true, force: true });
}
