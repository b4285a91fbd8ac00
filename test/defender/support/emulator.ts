import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TenantEntry, TenantsSection } from '../../../src/defender/config.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { EmulatorApp, EmulatorTenant } from '../../../src/emulator/start.js';

export type CredentialForm = 'pfx' | 'pem' | 'secret';

/** Files a real deployment would have: the emulator CA and each app's PFX/PEM, mode 0600, in a temp dir. */
export interface EmulatorFiles {
  dir: string;
  caFile: string;
  /** Environment variables holding passphrases and secrets, named per tenant and app. */
  env: Record<string, string>;
}

export function writeEmulatorFiles(emulator: RunningEmulator): EmulatorFiles {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-defender-'));
  const write = (name: string, data: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    chmodSync(path, 0o600);
    return path;
  };
  const env: Record<string, string> = {};
  for (const tenant of emulator.tenants) {
    for (const app of tenant.apps) {
      const base = `${tenant.key}-${app.name}`;
      write(`${base}.pfx`, app.certificate.pfx);
      write(`${base}.key.pem`, app.certificate.keyPem);
      write(`${base}.cert.pem`, app.certificate.certPem);
      env[envName(tenant.key, app.name, 'PASS')] = app.certificate.passphrase;
      env[envName(tenant.key, app.name, 'SECRET')] = app.secret;
    }
  }
  return { dir, caFile: write('ca.pem', emulator.ca), env };
}

export function envName(tenantKey: string, app: string, what: 'PASS' | 'SECRET'): string {
  return `EMU_${tenantKey.toUpperCase().replace(/-/g, '_')}_${app.toUpperCase()}_${what}`;
}

export function appOf(tenant: EmulatorTenant, name: 'full' | 'readonly'): EmulatorApp {
  const app = tenant.apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${name}`);
  return app;
}

/** One tenant entry in OUR config contract, pointing at the emulator. */
export function tenantEntry(
  emulator: RunningEmulator,
  files: EmulatorFiles,
  tenant: EmulatorTenant,
  form: CredentialForm = 'pfx',
  appName: 'full' | 'readonly' = 'full',
): TenantEntry {
  const app = appOf(tenant, appName);
  const base = join(files.dir, `${tenant.key}-${app.name}`);
  const credential: TenantEntry['credential'] =
    form === 'pfx'
      ? { kind: 'certificate', pfxPath: `${base}.pfx`, passphraseEnv: envName(tenant.key, app.name, 'PASS') }
      : form === 'pem'
        ? { kind: 'certificate', keyPath: `${base}.key.pem`, certPath: `${base}.cert.pem` }
        : { kind: 'secret', secretEnv: envName(tenant.key, app.name, 'SECRET') };
  return {
    tenantId: tenant.tenantId,
    clientId: app.clientId,
    credential,
    cloud: { loginUrl: emulator.urls.login, graphUrl: emulator.urls.graph, mdeUrl: emulator.urls.mde },
    caFile: files.caFile,
  };
}

/** Every emulator tenant, default = the first. */
export function tenantsSection(
  emulator: RunningEmulator,
  files: EmulatorFiles,
  form: CredentialForm = 'pfx',
): TenantsSection {
  const list: Record<string, TenantEntry> = {};
  for (const tenant of emulator.tenants) list[tenant.key] = tenantEntry(emulator, files, tenant, form);
  return { default: emulator.tenants[0]?.key as string, list };
}

/** Runs `fn` with one emulator fault active, removing the fault afterwards whatever happens. */
export async function withFault<T>(
  emulator: RunningEmulator,
  spec: Parameters<RunningEmulator['control']['faults']['add']>[0],
  fn: () => Promise<T>,
): Promise<T> {
  const id = emulator.control.faults.add(spec);
  try {
    return await fn();
  } finally {
    emulator.control.faults.remove(id);
  }
}
