/**
 * Fan-out over 50 tenants with emulated latency: wall time against the ideal
 * ceil(tenants / concurrency) x latency (target: within 1.15x). Tokens are warmed first, so the
 * number measures the fan-out, not sign-in. Run: `npm run build && node dist/bench/defender-fanout.js`.
 */
import { fanOut } from '../src/defender/fanout.js';
import { createDefender } from '../src/defender/register.js';
import { startEmulator } from '../src/emulator/index.js';
import { benchTenants, tenantKeys } from './defender-emulator-tenants.js';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 200);
const CONCURRENCY = [5, 10];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const emulator = await startEmulator({ tenants: tenantKeys(TENANTS) });
const { section, env } = benchTenants(emulator);
const layer = createDefender(section, { env, onWarning: () => undefined });
const principal = { id: 'bench', kind: 'local' as const };
try {
  const tenants = layer.tenants.resolve('*', principal);
  await Promise.all(tenants.map((t) => layer.tokens.getToken(t.key, 'graph')));
  // One warm-up call per tenant (connections, JIT), before latency is injected.
  await fanOut(tenants, (t, signal) => layer.graph.listIncidents(t, { top: 1, maxItems: 1 }, { signal }), {
    concurrency: 10,
  });
  emulator.control.faults.add({ kind: 'latency', ms: LATENCY_MS, api: 'graph' });
  const lines = ['tenants  concurrency  latency ms  ideal ms  median wall ms  ratio  failed'];
  for (const concurrency of CONCURRENCY) {
    const walls: number[] = [];
    let failed = 0;
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const results = await fanOut(
        tenants,
        (t, signal) => layer.graph.listIncidents(t, { top: 1, maxItems: 1 }, { signal }),
        { concurrency },
      );
      walls.push(performance.now() - started);
      failed += results.filter((r) => !r.ok).length;
    }
    walls.sort((a, b) => a - b);
    const median = walls[Math.floor(walls.length / 2)] ?? 0;
    const ideal = Math.ceil(TENANTS / concurrency) * LATENCY_MS;
    const ratio = median / ideal;
    lines.push(
      `${String(TENANTS).padStart(7)}  ${String(concurrency).padStart(11)}  ${String(LATENCY_MS).padStart(10)}  ${String(ideal).padStart(8)}  ${median.toFixed(0).padStart(14)}  ${ratio.toFixed(2).padStart(5)}  ${String(failed).padStart(6)}${ratio <= 1.15 ? '' : '  <- above 1.15x target'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await layer.close();
  await emulator.stop();
}
