/**
 * Token single-flight: T tenants x C concurrent callers asking for Graph and MDE tokens on a cold
 * cache. Ideal: exactly T x 2 token requests, whatever C is (counted by the emulator, not by us).
 * Run: `npm run build && node dist/bench/defender-token-single-flight.js`.
 */
import { createDefender } from '../src/defender/register.js';
import { startEmulator } from '../src/emulator/index.js';
import { benchTenants, tenantKeys } from './defender-emulator-tenants.js';

const TENANTS = [1, 5, 20];
const CALLERS = [10, 100, 1000];

const emulator = await startEmulator({ tenants: tenantKeys(Math.max(...TENANTS)) });
const { section, env } = benchTenants(emulator);
const rows: string[] = ['tenants  callers/tenant  calls   token requests  ideal  wall ms'];
try {
  for (const t of TENANTS) {
    for (const c of CALLERS) {
      const keys = tenantKeys(t);
      const list = Object.fromEntries(keys.map((k) => [k, section.list?.[k]]).filter(([, v]) => v));
      // A fresh layer per cell: a cold cache every time.
      const layer = createDefender({ default: keys[0], list }, { env, onWarning: () => undefined });
      emulator.control.counters.reset();
      const started = performance.now();
      const calls = keys.flatMap((k) =>
        Array.from({ length: c }, (_, i) => layer.tokens.getToken(k, i % 2 === 0 ? 'graph' : 'mde')),
      );
      await Promise.all(calls);
      const wall = performance.now() - started;
      const requested = emulator.control.counters.tokens();
      const ideal = t * 2;
      rows.push(
        `${String(t).padStart(7)}  ${String(c).padStart(14)}  ${String(calls.length).padStart(5)}  ${String(requested).padStart(14)}  ${String(ideal).padStart(5)}  ${wall.toFixed(0).padStart(7)}${requested === ideal ? '' : '  <- NOT single-flight'}`,
      );
      await layer.close();
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
} finally {
  await emulator.stop();
}
