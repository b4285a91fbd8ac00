import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { appOf, tenantOf } from '../support/emulator.js';
import { BUILT_PRELOAD, caFile, runNode } from './child.js';

const SCRIPT = fileURLToPath(new URL('./msal-default-authority.mjs', import.meta.url));

// NODE_OPTIONS loads the built preload: `npm test` builds dist first.
describe.skipIf(!existsSync(BUILT_PRELOAD))(
  'drop-in mode: an unmodified MSAL Node, default authority',
  () => {
    let emulator: RunningEmulator;
    const tempDir = useTempDir();
    beforeAll(async () => {
      emulator = await startEmulator({ seed: 3, asMicrosoft: true });
    });
    afterAll(() => emulator.stop());

    it('gets a token from login.microsoftonline.com and calls graph.microsoft.com with env vars only', async () => {
      const tenant = tenantOf(emulator, 'contoso');
      const app = appOf(emulator, 'contoso', 'readonly');
      const proxy = emulator.dropIn?.proxy ?? '';
      const before = emulator.control.counters.tokens({ tenant: tenant.tenantId, clientId: app.clientId });
      const out = await runNode(SCRIPT, {
        HTTPS_PROXY: proxy,
        NO_PROXY: '',
        NODE_EXTRA_CA_CERTS: await caFile(tempDir(), emulator.ca),
        NODE_OPTIONS: `--import=${BUILT_PRELOAD}`,
        TENANT_ID: tenant.tenantId,
        CLIENT_ID: app.clientId,
        CLIENT_SECRET: app.secret,
      });
      expect(out).toMatchObject({ token: true, graphStatus: 200, elsewhere: 'refused' });
      expect(out.graphContext).toBe('https://graph.microsoft.com/v1.0/$metadata#security/incidents');
      // The emulator's record: it issued the token, and the proxy tunnelled only Microsoft's hosts.
      expect(emulator.control.counters.tokens({ tenant: tenant.tenantId, clientId: app.clientId })).toBe(
        before + 1,
      );
      const seen = emulator.dropIn?.connections ?? [];
      expect(seen).toContainEqual({ target: 'login.microsoftonline.com:443', allowed: true });
      expect(seen).toContainEqual({ target: 'graph.microsoft.com:443', allowed: true });
      expect(seen).toContainEqual({ target: 'example.com:443', allowed: false });
      expect(seen.filter((c) => c.allowed).every((c) => /microsoft(online)?\.com:443$/.test(c.target))).toBe(
        true,
      );
    });
  },
);
