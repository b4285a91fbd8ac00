import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '../src/emulator/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const PASSPHRASE_ENV = 'MCP_XDR_CONTOSO_PFX_PASSPHRASE';

/** The documented default config (the repo's mcp-xdr.config.ts), as an operator's install has it. */
function defaultConfigText(tenants: string): string {
  const source = readFileSync(join(repo, 'mcp-xdr.config.ts'), 'utf8');
  const lines = source.split('\n');
  const start = lines.indexOf('  tenants: {');
  const end = lines.indexOf('  },', start);
  const imports = lines.findIndex((line) => line.startsWith('import { defineConfig }'));
  if (start < 0 || end < 0 || imports < 0)
    throw new Error('mcp-xdr.config.ts changed shape: update bench/production.ts');
  lines.splice(start, end - start + 1, tenants);
  lines[imports] = "import { defineConfig } from 'mcp-xdr/config';";
  return lines.join('\n');
}

/**
 * The production path: the default `mcp-xdr.config.ts` (every built-in plugin, audit on stderr) with
 * its one tenant pointed at the emulator, a certificate (PFX) credential whose passphrase is in the
 * environment, the emulator's CA as caFile. Served from the config's folder, found by the search as
 * an operator's `mcp-xdr serve` finds it, with the package installed beside it (node_modules/mcp-xdr).
 */
export async function productionDeployment(): Promise<{
  emulator: RunningEmulator;
  dir: string;
  env: Record<string, string>;
  close(): Promise<void>;
}> {
  const emulator = await startEmulator({ tenants: ['contoso'] });
  const tenant = emulator.tenants[0];
  const app = tenant?.apps.find((candidate) => candidate.name === 'full');
  if (tenant === undefined || app === undefined) throw new Error('the emulator has no contoso full app');
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-bench-prod-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'mcp-xdr'), 'dir');
  writeFileSync(join(dir, 'contoso.pfx'), app.certificate.pfx, { mode: 0o600 });
  writeFileSync(join(dir, 'emulator-ca.pem'), emulator.ca, { mode: 0o600 });
  const tenants = [
    '  tenants: {',
    "    default: 'contoso',",
    '    list: {',
    '      contoso: {',
    `        tenantId: '${tenant.tenantId}',`,
    `        clientId: '${app.clientId}',`,
    `        credential: { kind: 'certificate', pfxPath: './contoso.pfx', passphraseEnv: '${PASSPHRASE_ENV}' },`,
    `        cloud: { loginUrl: '${emulator.urls.login}', graphUrl: '${emulator.urls.graph}', mdeUrl: '${emulator.urls.mde}' },`,
    "        caFile: './emulator-ca.pem',",
    '      },',
    '    },',
    '  },',
  ].join('\n');
  writeFileSync(join(dir, 'mcp-xdr.config.ts'), defaultConfigText(tenants));
  return {
    emulator,
    dir,
    env: { [PASSPHRASE_ENV]: app.certificate.passphrase },
    close: async () => {
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
