import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { EmulatorApp, EmulatorTenant } from '../../../src/emulator/start.js';

export function tenantOf(emulator: RunningEmulator, key: string): EmulatorTenant {
  const tenant = emulator.tenants.find((t) => t.key === key);
  if (!tenant) throw new Error(`no tenant ${key}`);
  return tenant;
}

export function appOf(emulator: RunningEmulator, key: string, name: 'full' | 'readonly'): EmulatorApp {
  const app = tenantOf(emulator, key).apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${key}/${name}`);
  return app;
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default';
