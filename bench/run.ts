/**
 * `npm run bench`: mcp-xdr against a bare SDK server with the same tools, in the same run.
 *   cold start: spawn to `initialize` + `tools/list` answered (target: within 1.3x of bare)
 *   per call:   one read tool called many times with the whole policy chain on (target: within 1.5x)
 * Prints medians over repeated runs and the ratios; it asserts nothing (numbers depend on the machine).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coldStart, median, perCall, type ServerCommand } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CALLS = Number(process.env.BENCH_CALLS ?? 300);
const WARMUP = 30;
const MEASURED_TOOL = 'test_simple_text';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const auditDir = mkdtempSync(join(tmpdir(), 'mcp-xdr-bench-'));

const ours: ServerCommand = {
  label: 'mcp-xdr',
  command: process.execPath,
  args: [here('../src/cli/main.js'), 'serve', '--transport', 'stdio', '--config', here('./bench.config.js')],
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

const fmt = (ms: number) => `${ms.toFixed(2).padStart(9)} ms`;

function report(title: string, oursMs: number, bareMs: number, target: number): void {
  const ratio = oursMs / bareMs;
  const verdict = ratio <= target ? 'within target' : 'OVER target';
  process.stdout.write(
    `${title}\n  mcp-xdr  ${fmt(oursMs)}\n  bare SDK ${fmt(bareMs)}\n  ratio    ${ratio.toFixed(2).padStart(9)}x  (target <= ${target}x: ${verdict})\n\n`,
  );
}

async function main(): Promise<void> {
  const probe = await coldStart(ours);
  if (!probe.tools.includes(MEASURED_TOOL))
    throw new Error(`the bench config does not enable ${MEASURED_TOOL}`);
  const baseline = bare(probe.tools);
  process.stdout.write(
    `mcp-xdr bench: ${probe.tools.length} tools, ${RUNS} runs, node ${process.version}\n\n`,
  );

  // Alternate the two servers so drift in machine load hits both alike.
  const cold = { ours: [] as number[], bare: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    cold.ours.push((await coldStart(ours)).ms);
    cold.bare.push((await coldStart(baseline)).ms);
  }
  report('cold start (spawn -> initialize + tools/list), median', median(cold.ours), median(cold.bare), 1.3);

  const calls = { ours: [] as number[], bare: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    calls.ours.push(await perCall(ours, MEASURED_TOOL, CALLS, WARMUP));
    calls.bare.push(await perCall(baseline, MEASURED_TOOL, CALLS, WARMUP));
  }
  report(
    `per call (${MEASURED_TOOL}, ${CALLS} calls per run, whole chain on), median of run medians`,
    median(calls.ours),
    median(calls.bare),
    1.5,
  );
}

try {
  await main();
} finally {
  rmSync(auditDir, { recursive: true, force: true });
}
