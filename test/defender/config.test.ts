import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TenantsSectionSchema, tenantsConfigShape } from '../../src/defender/config.js';
import { resolveTenants } from '../../src/defender/tenant-sources.js';
import { createConfigSchema } from '../../src/kernel/config/schema.js';
import { ConfigError } from '../../src/kernel/errors.js';

const T1 = '11111111-1111-1111-1111-111111111111';
const C1 = '22222222-2222-2222-2222-222222222222';
const T2 = '33333333-3333-3333-3333-333333333333';
const dir = mkdtempSync(join(tmpdir(), 'defender-config-'));

function writeTenantsFile(name: string, body: unknown, mode: number): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  chmodSync(path, mode);
  return path;
}

const pythonFile = {
  default: 'contoso',
  tenants: {
    contoso: {
      tenant_id: T1,
      client_id: C1,
      cert_path: '/secrets/contoso.pfx',
      cert_passphrase_env: 'CONTOSO_PASS',
    },
    Fabrikam_EU: {
      tenant_id: T2,
      client_id: C1,
      cert_path: '/secrets/fabrikam.pem',
      cert_passphrase: 'inline',
    },
  },
};

describe('tenants config schema', () => {
  it('plugs into the kernel schema and accepts the contract shape', () => {
    const schema = createConfigSchema(tenantsConfigShape);
    const parsed = schema.parse({
      tenants: {
        default: 'contoso',
        concurrency: 8,
        list: {
          contoso: {
            tenantId: T1,
            clientId: C1,
            credential: { kind: 'certificate', pfxPath: './c.pfx', passphraseEnv: 'PASS' },
            cloud: 'gcchigh',
            caFile: './ca.pem',
            proxy: 'http://proxy:3128',
          },
          emu: {
            tenantId: T2,
            clientId: C1,
            credential: { kind: 'certificate', keyPath: 'k.pem', certPath: 'c.pem' },
            cloud: {
              loginUrl: 'https://127.0.0.1:8443',
              graphUrl: 'https://127.0.0.1:8443',
              mdeUrl: 'https://127.0.0.1:8443',
            },
          },
          sec: { tenantId: T2, clientId: C1, credential: { kind: 'secret', secretEnv: 'SECRET' } },
          mi: { tenantId: T2, clientId: C1, credential: { kind: 'managedIdentity' } },
        },
      },
    });
    expect(Object.keys(parsed.tenants?.list ?? {})).toEqual(['contoso', 'emu', 'sec', 'mi']);
    expect(schema.parse({}).tenants).toBeUndefined();
  });

  it.each([
    [
      'unknown key in a tenant',
      { tenantId: T1, clientId: C1, credential: { kind: 'secret', secretEnv: 'S' }, extra: 1 },
    ],
    [
      'unknown credential key',
      { tenantId: T1, clientId: C1, credential: { kind: 'secret', secret: 'inline!' } },
    ],
    [
      'PEM with inline passphrase',
      {
        tenantId: T1,
        clientId: C1,
        credential: { kind: 'certificate', keyPath: 'k', certPath: 'c', passphrase: 'p' },
      },
    ],
    ['non-GUID tenant', { tenantId: 'contoso.com', clientId: C1, credential: { kind: 'managedIdentity' } }],
    [
      'http login URL',
      {
        tenantId: T1,
        clientId: C1,
        credential: { kind: 'managedIdentity' },
        cloud: { loginUrl: 'http://x', graphUrl: 'https://x', mdeUrl: 'https://x' },
      },
    ],
    [
      'unknown cloud',
      { tenantId: T1, clientId: C1, credential: { kind: 'managedIdentity' }, cloud: 'china' },
    ],
  ])('rejects %s', (_name, entry) => {
    expect(TenantsSectionSchema.safeParse({ list: { a: entry } }).success).toBe(false);
  });

  it('rejects bad tenant keys and unknown section keys', () => {
    const entry = { tenantId: T1, clientId: C1, credential: { kind: 'managedIdentity' } };
    for (const key of ['Upper', '-lead', 'a'.repeat(64), 'has space', 'a_b']) {
      expect(TenantsSectionSchema.safeParse({ list: { [key]: entry } }).success).toBe(false);
    }
    expect(TenantsSectionSchema.safeParse({ tenantz: {} }).success).toBe(false);
    expect(
      z
        .object(tenantsConfigShape)
        .strict()
        .safeParse({ tenants: { concurrency: 0 } }).success,
    ).toBe(false);
  });
});

describe('resolveTenants', () => {
  it('reads the Python tenants file as is (0600)', () => {
    const file = writeTenantsFile('ok.json', pythonFile, 0o600);
    const r = resolveTenants({ file }, { env: {} });
    expect(r.defaultKey).toBe('contoso');
    expect(r.tenants.map((t) => t.key)).toEqual(['contoso', 'Fabrikam_EU']);
    expect(r.tenants[0]?.credential).toEqual({
      kind: 'certificate',
      pfxPath: '/secrets/contoso.pfx',
      passphraseEnv: 'CONTOSO_PASS',
    });
    expect(r.tenants[1]?.credential).toEqual({
      kind: 'certificate',
      keyPath: '/secrets/fabrikam.pem',
      certPath: '/secrets/fabrikam.pem',
      passphrase: 'inline',
    });
    expect(r.warnings.join('\n')).toMatch(/inline cert_passphrase/);
    expect(r.warnings.join('\n')).not.toContain('inline"');
  });

  it.each([0o644, 0o640, 0o604, 0o660])(
    'refuses a tenants file with mode %s, naming the file and chmod 600',
    (mode) => {
      const file = writeTenantsFile(`open-${mode}.json`, pythonFile, mode);
      let error: unknown;
      try {
        resolveTenants({ file }, { env: {} });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message)).toContain(file);
      expect(String((error as Error).message)).toContain(`chmod 600 ${file}`);
    },
  );

  it('accepts 0400 and skips the check on Windows', () => {
    expect(
      resolveTenants({ file: writeTenantsFile('ro.json', pythonFile, 0o400) }, { env: {} }).tenants,
    ).toHaveLength(2);
    const open = writeTenantsFile('win.json', pythonFile, 0o644);
    expect(resolveTenants({ file: open }, { env: {}, platform: 'win32' }).tenants).toHaveLength(2);
  });

  it('rejects a Python file with both passphrase forms, a bad default or unknown keys', () => {
    const both = structuredClone(pythonFile) as { tenants: Record<string, Record<string, string>> };
    (both.tenants.contoso as Record<string, string>).cert_passphrase = 'x';
    expect(() => resolveTenants({ file: writeTenantsFile('both.json', both, 0o600) }, { env: {} })).toThrow(
      /choose one/,
    );
    expect(() =>
      resolveTenants(
        { file: writeTenantsFile('def.json', { ...pythonFile, default: 'nope' }, 0o600) },
        { env: {} },
      ),
    ).toThrow(ConfigError);
    expect(() =>
      resolveTenants(
        { file: writeTenantsFile('extra.json', { ...pythonFile, extra: 1 }, 0o600) },
        { env: {} },
      ),
    ).toThrow(ConfigError);
  });

  it('uses MCP_DEFENDER_XDR_TENANTS_FILE like the Python server', () => {
    const file = writeTenantsFile('envfile.json', pythonFile, 0o600);
    expect(resolveTenants(undefined, { env: { MCP_DEFENDER_XDR_TENANTS_FILE: file } }).defaultKey).toBe(
      'contoso',
    );
  });

  it('builds a single tenant from the Azure SDK environment names', () => {
    const r = resolveTenants(undefined, {
      env: {
        AZURE_TENANT_ID: T1,
        AZURE_CLIENT_ID: C1,
        AZURE_CLIENT_CERTIFICATE_PATH: '/c.pfx',
        AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw',
      },
    });
    expect(r.defaultKey).toBe('default');
    expect(r.tenants[0]?.credential).toEqual({
      kind: 'certificate',
      pfxPath: '/c.pfx',
      passphraseEnv: 'AZURE_CLIENT_CERTIFICATE_PASSWORD',
    });
    expect(JSON.stringify(r)).not.toContain('"pw"');
  });

  it('builds a single tenant from the Python server environment names', () => {
    const r = resolveTenants(undefined, {
      env: {
        AZURE_TENANT_ID: T1,
        AZURE_CLIENT_ID: C1,
        AZURE_CERT_PATH: '/k.pem',
        AZURE_CERT_PASSPHRASE: 'pw',
      },
    });
    expect(r.tenants[0]?.credential).toEqual({
      kind: 'certificate',
      keyPath: '/k.pem',
      certPath: '/k.pem',
      passphraseEnv: 'AZURE_CERT_PASSPHRASE',
    });
  });

  it('falls back to AZURE_CLIENT_SECRET with a warning', () => {
    const r = resolveTenants(undefined, {
      env: { AZURE_TENANT_ID: T1, AZURE_CLIENT_ID: C1, AZURE_CLIENT_SECRET: 'canary-secret' },
    });
    expect(r.tenants[0]?.credential).toEqual({ kind: 'secret', secretEnv: 'AZURE_CLIENT_SECRET' });
    expect(r.warnings.join()).toMatch(/certificate is the stronger choice/);
    expect(JSON.stringify(r)).not.toContain('canary-secret');
  });

  it('fails clearly with no tenant, no default among several, or a default that does not exist', () => {
    expect(() => resolveTenants(undefined, { env: {} })).toThrow(/No tenant is configured/);
    expect(() => resolveTenants(undefined, { env: { AZURE_TENANT_ID: T1, AZURE_CLIENT_ID: C1 } })).toThrow(
      ConfigError,
    );
    const entry = { tenantId: T1, clientId: C1, credential: { kind: 'managedIdentity' as const } };
    expect(() => resolveTenants({ list: { a: entry, b: entry } }, { env: {} })).toThrow(/no default/);
    expect(() => resolveTenants({ default: 'c', list: { a: entry } }, { env: {} })).toThrow(/default tenant/);
    expect(resolveTenants({ list: { a: entry } }, { env: {} }).defaultKey).toBe('a');
  });

  it('resolves credential and CA paths against the config folder', () => {
    const r = resolveTenants(
      {
        list: {
          a: {
            tenantId: T1,
            clientId: C1,
            credential: { kind: 'certificate', pfxPath: 'certs/a.pfx' },
            caFile: 'ca.pem',
          },
          b: {
            tenantId: T1,
            clientId: C1,
            credential: { kind: 'certificate', keyPath: '/abs/k.pem', certPath: 'c.pem' },
          },
        },
        default: 'a',
      },
      { env: {}, baseDir: '/etc/mcp-xdr' },
    );
    expect(r.tenants[0]).toMatchObject({
      credential: { pfxPath: '/etc/mcp-xdr/certs/a.pfx' },
      caFile: '/etc/mcp-xdr/ca.pem',
    });
    expect(r.tenants[1]?.credential).toMatchObject({ keyPath: '/abs/k.pem', certPath: '/etc/mcp-xdr/c.pem' });
  });

  it('rejects a key present both inline and in the file', () => {
    const file = writeTenantsFile('dup.json', pythonFile, 0o600);
    const entry = { tenantId: T1, clientId: C1, credential: { kind: 'managedIdentity' as const } };
    expect(() => resolveTenants({ file, list: { contoso: entry } }, { env: {} })).toThrow(
      /Duplicate tenant key/,
    );
  });

  it('resolves clouds, trimming trailing slashes of custom endpoints', () => {
    const entry = { tenantId: T1, clientId: C1, credential: { kind: 'managedIdentity' as const } };
    const r = resolveTenants(
      {
        default: 'a',
        list: {
          a: { ...entry, cloud: 'dod' },
          b: {
            ...entry,
            cloud: { loginUrl: 'https://h:1/', graphUrl: 'https://h:1', mdeUrl: 'https://h:1//' },
          },
        },
      },
      { env: {} },
    );
    expect(r.tenants[0]?.cloud.graphUrl).toBe('https://dod-graph.microsoft.us');
    expect(r.tenants[1]?.cloud).toMatchObject({ loginUrl: 'https://h:1', mdeUrl: 'https://h:1' });
  });
});
