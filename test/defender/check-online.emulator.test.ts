import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOnline, type ToolPermissionNeed } from '../../src/defender/check-online.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { makeTestCert } from './support/certs.js';
import { type EmulatorFiles, envName, tenantEntry, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5 });
  files = writeEmulatorFiles(emulator);
});
afterAll(async () => {
  await emulator?.stop();
});

const needs: ToolPermissionNeed[] = [
  // The emulator's read-only app holds only the `*.Read.All` roles of the full app.
  { tool: 'run_hunting_query', resource: 'graph', permissions: ['ThreatHunting.Read.All'] },
  { tool: 'isolate_device', resource: 'mde', permissions: ['Machine.Isolate'] },
];

describe('checkOnline against the emulator', () => {
  it('reports usable tenants and the tools a read-only app cannot run', async () => {
    const [contoso, fabrikam] = emulator.tenants;
    if (!contoso || !fabrikam) throw new Error('tenants');
    const report = await checkOnline(
      {
        tenants: {
          default: 'contoso',
          list: {
            contoso: tenantEntry(emulator, files, contoso, 'pfx', 'full'),
            fabrikam: tenantEntry(emulator, files, fabrikam, 'pem', 'readonly'),
          },
        },
      },
      needs,
      { env: files.env },
    );
    expect(report.ok).toBe(false);
    const [c, f] = report.tenants;
    expect(c).toMatchObject({ tenant: 'contoso', usable: true, missing: [] });
    expect(c?.credential.daysLeft).toBeGreaterThan(300);
    expect(f).toMatchObject({
      tenant: 'fabrikam',
      usable: false,
      missing: [{ tool: 'isolate_device', resource: 'mde', permission: 'Machine.Isolate' }],
    });
    expect(report.table).toMatch(/fabrikam .*isolate_device: Machine\.Isolate/);
    expect(report.table.split('\n')[0]).toMatch(/^tenant\s+credential\s+graph\s+mde\s+missing permissions$/);
  });

  it('is ok when every tenant has every permission', async () => {
    const [contoso] = emulator.tenants;
    if (!contoso) throw new Error('tenants');
    const report = await checkOnline(
      { tenants: { list: { contoso: tenantEntry(emulator, files, contoso, 'secret') } } },
      needs,
      {
        env: files.env,
      },
    );
    expect(report.ok).toBe(true);
  });

  it('warns on a certificate expiring within 30 days and reports credential failures without secrets', async () => {
    const [contoso, fabrikam] = emulator.tenants;
    if (!contoso || !fabrikam) throw new Error('tenants');
    const soon = makeTestCert({ notAfter: new Date(Date.now() + 10 * 86_400_000) });
    const expiring = {
      ...tenantEntry(emulator, files, contoso, 'pem'),
      credential: { kind: 'certificate' as const, keyPath: soon.keyPath, certPath: soon.certPath },
    };
    const report = await checkOnline(
      {
        tenants: {
          default: 'soon',
          list: { soon: expiring, broken: tenantEntry(emulator, files, fabrikam, 'pfx') },
        },
      },
      needs,
      { env: { ...files.env, [envName(fabrikam.key, 'full', 'PASS')]: 'canary-check-online-pass' } },
    );
    const [s, b] = report.tenants;
    expect(s?.credential.warning).toMatch(/expires in (9|10) days/);
    expect(s?.resources.graph).toMatchObject({ ok: false });
    expect(s?.resources.graph?.error).toContain('AADSTS700027');
    expect(b?.credential.error).toMatch(/passphrase is wrong/);
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain('canary-check-online-pass');
  });
});
