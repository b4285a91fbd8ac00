import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTenantsOffline } from '../../src/defender/check-offline.js';
import { type TenantsSection, TenantsSectionSchema } from '../../src/defender/config.js';
import { ConfigError } from '../../src/kernel/errors.js';

const ZERO = '00000000-0000-0000-0000-000000000000';
const TENANT = '6f1c3a52-1a3e-4a55-9c1e-3b2f0e9d7a10';
const CLIENT = '0b9e6f2d-52a4-4c1e-8d7f-1e2a3b4c5d6e';

/** A config folder holding `files` (contents do not matter: offline check reads no certificate). */
function folder(files: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-offline-'));
  for (const file of files) writeFileSync(join(dir, file), 'x');
  return dir;
}

const pfx = (pfxPath: string) => ({ kind: 'certificate' as const, pfxPath, passphraseEnv: 'PASS' });
/** A config section for one tenant, parsed as the config loader would. */
const section = (entry: Record<string, unknown>): TenantsSection =>
  TenantsSectionSchema.parse({ list: { contoso: { tenantId: TENANT, clientId: CLIENT, ...entry } } });

describe('checkTenantsOffline', () => {
  it('passes a tenant whose credential files exist, paths relative to the config file', () => {
    const dir = folder(['app.pfx', 'ca.pem']);
    const report = checkTenantsOffline(section({ credential: pfx('./app.pfx'), caFile: 'ca.pem' }), {
      baseDir: dir,
      env: {},
    });
    expect(report).toEqual({ warnings: [], problems: [] });
  });

  it('fails on a PFX that does not exist, naming the tenant and the resolved path', () => {
    const dir = folder();
    const { problems } = checkTenantsOffline(section({ credential: pfx('./secrets/app.pfx') }), {
      baseDir: dir,
      env: {},
    });
    expect(problems).toEqual([
      `tenant "contoso": PFX file ${join(dir, 'secrets/app.pfx')} does not exist (relative paths start at the config file)`,
    ]);
  });

  it('names each missing PEM file and a missing CA file; a folder in place of a file is refused too', () => {
    const dir = folder(['key.pem']);
    mkdirSync(join(dir, 'cert.pem'));
    const credential = { kind: 'certificate', keyPath: 'key.pem', certPath: 'cert.pem' };
    const { problems } = checkTenantsOffline(section({ credential, caFile: '/nonexistent/ca.pem' }), {
      baseDir: dir,
      env: {},
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^tenant "contoso": PEM certificate file \S+cert\.pem is not a file/);
    expect(problems[1]).toMatch(
      /^tenant "contoso": CA file \(caFile\) \/nonexistent\/ca\.pem does not exist/,
    );
  });

  it('warns on all-zero placeholder ids, also of a managed identity, without failing', () => {
    const report = checkTenantsOffline(
      section({ tenantId: ZERO, clientId: ZERO, credential: { kind: 'managedIdentity', clientId: ZERO } }),
      { env: {} },
    );
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([
      'tenant "contoso": tenantId is the placeholder all-zero GUID; put your Microsoft Entra tenant id here',
      `tenant "contoso": clientId is the placeholder all-zero GUID; put the app registration's application (client) id here`,
      `tenant "contoso": credential.clientId is the placeholder all-zero GUID; put the managed identity's client id here`,
    ]);
  });

  it('checks tenants from a Python tenants file and from the environment the same way', () => {
    const dir = folder(['here.pem']);
    const file = join(dir, 'tenants.json');
    const entry = (certPath: string) => ({ tenant_id: TENANT, client_id: CLIENT, cert_path: certPath });
    writeFileSync(
      file,
      JSON.stringify({ default: 'a', tenants: { a: entry(join(dir, 'here.pem')), b: entry('/gone/b.pfx') } }),
    );
    chmodSync(file, 0o600);
    expect(checkTenantsOffline(TenantsSectionSchema.parse({ file }), { env: {} }).problems).toEqual([
      'tenant "b": PFX file /gone/b.pfx does not exist',
    ]);
    const env = {
      AZURE_TENANT_ID: ZERO,
      AZURE_CLIENT_ID: CLIENT,
      AZURE_CLIENT_CERTIFICATE_PATH: '/gone/env.pem',
    };
    const fromEnv = checkTenantsOffline(undefined, { env });
    expect(fromEnv.problems).toEqual(['tenant "default": PEM key file /gone/env.pem does not exist']);
    expect(fromEnv.warnings).toEqual([
      expect.stringContaining('tenant "default": tenantId is the placeholder'),
    ]);
  });

  it('lets the tenant resolution errors through (no tenant at all)', () => {
    expect(() => checkTenantsOffline(undefined, { env: {} })).toThrow(ConfigError);
  });
});
