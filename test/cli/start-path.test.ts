import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, CLI, tempDir } from './run-cli.js';

/**
 * What a deployment pays at every start: `serve` must not load what only other commands need (the
 * emulator, the Defender access layer with MSAL, undici and node-forge when no tenant is
 * configured). A module-resolution hook records every module the built CLI loads.
 */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.MCP_XDR_TEST_MODULE_LOG, result.url + '\\n');
  return result;
}
`;

async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const dir = tempDir({ 'hooks.mjs': HOOKS });
  writeFileSync(
    join(dir, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], {
      env: { ...process.env, MCP_XDR_CONFIG: '', MCP_XDR_TEST_MODULE_LOG: log, AZURE_TENANT_ID: '' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  expect(code).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const HEAVY = [
  /\/src\/emulator\//,
  /@azure\/msal-node/,
  /node-forge/,
  /\/undici\//,
  /\/src\/defender\/register\.js/,
];

describe('the start path', () => {
  it('building the kernel for a deployment without tenants loads no emulator and no access layer', async () => {
    // `tools --json` builds the kernel exactly as `serve` does, then exits.
    const loaded = await modulesLoadedBy(['tools', '--json', '--config', built('bench/bench.config.js')]);
    expect(loaded.some((url) => url.includes('/src/kernel/kernel.js'))).toBe(true);
    expect(loaded.filter((url) => HEAVY.some((pattern) => pattern.test(url)))).toEqual([]);
  });

  it('with a tenant, the access layer is registered but MSAL and undici wait for the first call', async () => {
    // `tools --markdown` builds every built-in plugin with a tenant; the recorder sees the layer load.
    const loaded = await modulesLoadedBy(['tools', '--markdown']);
    expect(loaded.some((url) => /\/src\/defender\/register\.js/.test(url))).toBe(true);
    expect(loaded.filter((url) => /@azure\/msal-node|\/undici\//.test(url))).toEqual([]);
  });
});
