import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { makeTestCert } from './support/certs.js';
import {
  appOf,
  type EmulatorFiles,
  envName,
  tenantEntry,
  tenantsSection,
  writeEmulatorFiles,
} from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
const layers: DefenderLayer[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 3, tenants: ['contoso', 'fabrikam', 'tailspin'] });
  files = writeEmulatorFiles(emulator);
});
afterAll(async () => {
  await Promise.all(layers.map((l) => l.close()));
  await emulator?.stop();
});

function layer(
  section: Parameters<typeof createDefender>[0],
  env: NodeJS.ProcessEnv = files.env,
): DefenderLayer {
  const l = createDefender(section, { env, onWarning: () => undefined });
  layers.push(l);
  return l;
}

const tenant = (key: string) => {
  const t = emulator.tenants.find((x) => x.key === key);
  if (!t) throw new Error(key);
  return t;
};

describe('tokens through the real MSAL against the emulator', () => {
  it.each(['pfx', 'pem', 'secret'] as const)(
    'gets Graph and MDE tokens with a %s credential',
    async (form) => {
      const contoso = tenant('contoso');
      const l = layer({ list: { contoso: tenantEntry(emulator, files, contoso, form) } });
      const graph = decodeJwt(await l.tokens.getToken('contoso', 'graph'));
      const mde = decodeJwt(await l.tokens.getToken('contoso', 'mde'));
      expect(graph.aud).toBe('https://graph.microsoft.com');
      expect(mde.aud).toBe('https://api.securitycenter.microsoft.com');
      expect(graph.tid).toBe(contoso.tenantId);
      expect(graph.appid).toBe(appOf(contoso, 'full').clientId);
    },
  );

  it('a wrong PFX passphrase is reported, redacted and actionable', async () => {
    const contoso = tenant('contoso');
    const l = layer(
      { list: { contoso: tenantEntry(emulator, files, contoso, 'pfx') } },
      { ...files.env, [envName('contoso', 'full', 'PASS')]: 'canary-wrong-passphrase-1' },
    );
    const error = await l.tokens.getToken('contoso', 'graph').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Tenant "contoso": the certificate passphrase is wrong.',
    });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(
      'canary-wrong-passphrase-1',
    );
  });

  it('a certificate the app does not know is rejected by Entra with AADSTS700027 and a hint', async () => {
    const contoso = tenant('contoso');
    const stranger = makeTestCert({ cn: 'not-registered' });
    const entry = tenantEntry(emulator, files, contoso, 'pem');
    const l = layer({
      list: {
        contoso: {
          ...entry,
          credential: { kind: 'certificate', keyPath: stranger.keyPath, certPath: stranger.certPath },
        },
      },
    });
    const error = await l.tokens.getToken('contoso', 'graph').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Tenant "contoso": the token request failed (AADSTS700027).',
    });
    expect((error as { hint: string }).hint).toMatch(/upload this certificate/i);
  });

  it('an unknown tenant id is reported with AADSTS90002', async () => {
    const entry = tenantEntry(emulator, files, tenant('contoso'), 'secret');
    const l = layer({ list: { ghost: { ...entry, tenantId: '99999999-9999-4999-8999-999999999999' } } });
    const error = await l.tokens.getToken('ghost', 'graph').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Tenant "ghost": the token request failed (AADSTS90002).',
    });
  });

  it('a wrong client secret is reported with AADSTS7000215', async () => {
    const l = layer(
      { list: { contoso: tenantEntry(emulator, files, tenant('contoso'), 'secret') } },
      { ...files.env, [envName('contoso', 'full', 'SECRET')]: 'canary-bad-secret~1234567890' },
    );
    const error = await l.tokens.getToken('contoso', 'graph').catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'Tenant "contoso": the token request failed (AADSTS7000215).' });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('canary-bad-secret');
  });

  it('1,000 concurrent calls on a cold cache make one token request per tenant and resource', async () => {
    const l = layer(tenantsSection(emulator, files, 'pfx'));
    emulator.control.counters.reset();
    const keys = ['contoso', 'fabrikam', 'tailspin'];
    const calls = Array.from({ length: 1000 }, (_, i) =>
      l.tokens.getToken(keys[i % 3] as string, i % 2 === 0 ? 'graph' : 'mde'),
    );
    const tokens = await Promise.all(calls);
    expect(new Set(tokens).size).toBe(6);
    for (const key of keys) expect(emulator.control.counters.tokens({ tenant: key })).toBe(2);
    expect(emulator.control.counters.tokens()).toBe(6);
    // A warm cache makes no request at all.
    await Promise.all(keys.map((k) => l.tokens.getToken(k, 'graph')));
    expect(emulator.control.counters.tokens()).toBe(6);
  });

  it('refreshes ahead of expiry in the background while serving the valid token', async () => {
    let now = Date.now();
    const l = createDefender(
      { list: { contoso: tenantEntry(emulator, files, tenant('contoso'), 'secret') } },
      { env: files.env, onWarning: () => undefined, now: () => now },
    );
    layers.push(l);
    emulator.control.counters.reset();
    const first = await l.tokens.getToken('contoso', 'graph');
    now += 3600_000 - 4 * 60_000; // 4 minutes before expiry: inside the 5-minute refresh window
    await new Promise((r) => setTimeout(r, 1100)); // iat granularity: make the new token differ
    expect(await l.tokens.getToken('contoso', 'graph')).toBe(first);
    await new Promise((r) => setTimeout(r, 300));
    const second = await l.tokens.getToken('contoso', 'graph');
    expect(second).not.toBe(first);
    expect(emulator.control.counters.tokens({ tenant: 'contoso' })).toBe(2);
  });

  it('a token outage in one tenant fails that tenant only; the fault is reported, not retried forever', async () => {
    const l = layer(tenantsSection(emulator, files, 'secret'));
    const id = emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'fabrikam' });
    try {
      const [a, b, c] = await Promise.allSettled(
        ['contoso', 'fabrikam', 'tailspin'].map((k) => l.tokens.getToken(k, 'graph')),
      );
      expect(a?.status).toBe('fulfilled');
      expect(c?.status).toBe('fulfilled');
      expect(b).toMatchObject({ status: 'rejected', reason: { code: 'unavailable' } });
      expect((b as PromiseRejectedResult).reason.message).toMatch(
        /^Tenant "fabrikam": the token request failed/,
      );
    } finally {
      emulator.control.faults.remove(id);
    }
  });
});
