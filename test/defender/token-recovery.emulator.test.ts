import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantsSection, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 41 });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'pfx'), {
    env: files.env,
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

describe('recovery after a token endpoint outage', () => {
  it('the tenant works again as soon as the outage ends (no stale client-side lock-out)', async () => {
    const id = emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'contoso', times: 1 });
    await expect(layer.tokens.getToken('contoso', 'graph')).rejects.toMatchObject({ code: 'unavailable' });
    emulator.control.faults.remove(id);
    await expect(layer.tokens.getToken('contoso', 'graph')).resolves.toMatch(/^ey/);
  });
});

describe('Retry-After from the token endpoint', () => {
  it('is honoured without network calls, then the tenant works again', async () => {
    const id = emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 2,
      api: 'login',
      tenant: 'fabrikam',
      times: 1,
    });
    try {
      emulator.control.counters.reset();
      await expect(layer.tokens.getToken('fabrikam', 'mde')).rejects.toMatchObject({
        code: 'unavailable',
        retryAfter: 2,
      });
      const token = () => emulator.control.counters.requests({ tenant: 'fabrikam' });
      const sent = token();
      expect(sent).toBeGreaterThan(0);
      await expect(layer.tokens.getToken('fabrikam', 'mde')).rejects.toMatchObject({
        message: 'Tenant "fabrikam": the sign-in service asked us to wait.',
      });
      expect(token()).toBe(sent); // the second refusal made no request
      // Other tenants are not affected.
      await expect(layer.tokens.getToken('contoso', 'mde')).resolves.toMatch(/^ey/);
      await new Promise((r) => setTimeout(r, 2100));
      await expect(layer.tokens.getToken('fabrikam', 'mde')).resolves.toMatch(/^ey/);
    } finally {
      emulator.control.faults.remove(id);
    }
  });
});
