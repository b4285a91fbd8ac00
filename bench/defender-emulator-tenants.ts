import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantEntry, TenantsSection } from '../src/defender/config.js';
import type { RunningEmulator } from '../src/emulator/index.js';

/**
 * Benchmarks reach the emulator the way an operator would: our tenants config with custom endpoints,
 * the emulator CA as caFile, client secrets named by environment variable (the token count does not
 * depend on the credential kind, and secrets keep the benchmark's own CPU out of the numbers).
 */
export function benchTenants(emulator: RunningEmulator): { section: TenantsSection; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-bench-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, emulator.ca, { mode: 0o600 });
  const env: NodeJS.ProcessEnv = { ...process.env };
  const list: Record<string, TenantEntry> = {};
  for (const tenant of emulator.tenants) {
    const app = tenant.apps.find((a) => a.name === 'full');
    if (!app) throw new Error(`no full app in ${tenant.key}`);
    const secretEnv = `BENCH_${tenant.key.toUpperCase().replace(/-/g, '_')}_SECRET`;
    env[secretEnv] = app.secret;
    list[tenant.key] = {
      tenantId: tenant.tenantId,
      clientId: app.clientId,
      credential: { kind: 'secret', secretEnv },
      cloud: { loginUrl: emulator.urls.login, graphUrl: emulator.urls.graph, mdeUrl: emulator.urls.mde },
      caFile,
    };
  }
  return { section: { default: emulator.tenants[0]?.key as string, list }, env };
}

export function tenantKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
}
