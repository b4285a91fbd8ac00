import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { appOf, tenantOf } from '../support/emulator.js';
import { BUILT_PRELOAD, caFile, runNode } from './child.js';

/** The client recipes of docs/emulator.md, each run as written (script: clients.mjs). */

const SCRIPT = fileURLToPath(new URL('./clients.mjs', import.meta.url));
const EXPECTED = {
  azureIdentity: true,
  graphClient: { rows: 2, alerts: expect.any(Number) },
  kiota: { rows: 3 },
};

describe.skipIf(!existsSync(BUILT_PRELOAD))('client recipes', () => {
  let emulator: RunningEmulator;
  const tempDir = useTempDir();
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 4, asMicrosoft: true });
  });
  afterAll(() => emulator.stop());

  const credentials = () => {
    const tenant = tenantOf(emulator, 'contoso');
    const app = appOf(emulator, 'contoso', 'readonly');
    return { TENANT_ID: tenant.tenantId, CLIENT_ID: app.clientId, CLIENT_SECRET: app.secret };
  };

  it('loopback: each client with its documented setting for a non-Microsoft host', async () => {
    const before = emulator.dropIn?.connections.length;
    const out = await runNode(SCRIPT, {
      MODE: 'loopback',
      EMULATOR: emulator.urls.graph,
      NODE_EXTRA_CA_CERTS: await caFile(tempDir(), emulator.ca),
      ...credentials(),
    });
    expect(out).toMatchObject(EXPECTED);
    expect(emulator.dropIn?.connections.length).toBe(before); // no proxy involved
  });

  it('drop-in: the same clients unconfigured, hard-coded hosts, env vars only', async () => {
    const out = await runNode(SCRIPT, {
      MODE: 'dropin',
      HTTPS_PROXY: emulator.dropIn?.proxy ?? '',
      NO_PROXY: '',
      NODE_EXTRA_CA_CERTS: await caFile(tempDir(), emulator.ca),
      NODE_OPTIONS: `--import=${BUILT_PRELOAD}`,
      ...credentials(),
    });
    expect(out).toMatchObject(EXPECTED);
    const targets = new Set(emulator.dropIn?.connections.map((c) => c.target));
    expect(targets).toEqual(new Set(['login.microsoftonline.com:443', 'graph.microsoft.com:443']));
  });
});
