import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantsSectionSchema, tenantsConfigShape } from '../../src/defender/config.js';
import { createDefender } from '../../src/defender/register.js';
import { writeCredentialFolder } from '../../src/emulator/cli-files.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { loadConfig } from '../../src/kernel/config/loader.js';
import { createConfigSchema } from '../../src/kernel/config/schema.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 29 });
});
afterAll(async () => {
  await emulator?.stop();
});

function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

describe('the tenants contract, as the emulator writes it', () => {
  it('parses strictly and works end to end: every tenant and app gets tokens', async () => {
    const folder = await writeCredentialFolder(emulator);
    const config = JSON.parse(readFileSync(folder.configFile, 'utf8')) as { tenants: unknown };
    const section = TenantsSectionSchema.parse(config.tenants);
    const env = readEnvFile(folder.envFile);
    const layer = createDefender(section, { env, onWarning: () => undefined });
    try {
      const keys = layer.tenants.all().map((t) => t.key);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const key of keys) {
        await expect(layer.tokens.getToken(key, 'graph')).resolves.toMatch(/^ey/);
        await expect(layer.tokens.getToken(key, 'mde')).resolves.toMatch(/^ey/);
      }
    } finally {
      await layer.close();
    }
  });

  it('loads through the kernel config loader with createConfigSchema(tenantsConfigShape)', async () => {
    const folder = await writeCredentialFolder(emulator);
    const { config, configDir } = await loadConfig({
      file: folder.configFile,
      schema: createConfigSchema(tenantsConfigShape),
    });
    const layer = createDefender(config.tenants, {
      env: readEnvFile(folder.envFile),
      baseDir: configDir,
      onWarning: () => undefined,
    });
    try {
      const incidents = await layer.graph.listIncidents(
        layer.tenants.resolveOne(undefined, { id: 'local', kind: 'local' }),
        {
          top: 1,
          maxItems: 1,
        },
      );
      expect(incidents.items).toHaveLength(1);
    } finally {
      await layer.close();
    }
    await expect(loadConfig({ file: folder.configFile, schema: createConfigSchema({}) })).rejects.toThrow(
      /tenants/,
    ); // without the extension the kernel rejects the unknown section
  });

  it('managed identity through the custom App Service-style endpoint', async () => {
    const folder = await writeCredentialFolder(emulator);
    const env = readEnvFile(folder.envFile);
    const [contoso] = emulator.tenants;
    if (!contoso) throw new Error('tenant');
    const layer = createDefender(
      {
        list: {
          contoso: {
            tenantId: contoso.tenantId,
            clientId: contoso.managedIdentityClientId,
            credential: { kind: 'managedIdentity', clientId: contoso.managedIdentityClientId },
            cloud: {
              loginUrl: emulator.urls.login,
              graphUrl: emulator.urls.graph,
              mdeUrl: emulator.urls.mde,
              managedIdentityUrl: emulator.urls.managedIdentity,
            },
            caFile: folder.caFile,
          },
        },
      },
      { env, onWarning: () => undefined },
    );
    try {
      emulator.control.counters.reset();
      const [a, b] = await Promise.all([
        layer.tokens.getToken('contoso', 'graph'),
        layer.tokens.getToken('contoso', 'graph'),
      ]);
      expect(a).toBe(b);
      const incidents = await layer.graph.listIncidents(layer.tenants.get('contoso'), {
        top: 1,
        maxItems: 1,
      });
      expect(incidents.items.length).toBe(1);
      // A wrong identity header is reported, not retried into a loop.
      const bad = createDefender(
        {
          list: {
            contoso: {
              tenantId: contoso.tenantId,
              clientId: contoso.managedIdentityClientId,
              credential: { kind: 'managedIdentity' },
              cloud: {
                loginUrl: emulator.urls.login,
                graphUrl: emulator.urls.graph,
                mdeUrl: emulator.urls.mde,
                managedIdentityUrl: emulator.urls.managedIdentity,
              },
              caFile: folder.caFile,
            },
          },
        },
        { env: { ...env, IDENTITY_HEADER: 'canary-wrong-identity-header' }, onWarning: () => undefined },
      );
      const error = await bad.tokens.getToken('contoso', 'graph').catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'unavailable',
        message: 'Tenant "contoso": the managed identity endpoint refused the request (HTTP 401).',
      });
      expect(JSON.stringify(error) + (error as Error).message).not.toContain('canary-wrong-identity-header');
      await bad.close();
    } finally {
      await layer.close();
    }
  });
});
