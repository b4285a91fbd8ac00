import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** The CLI with the recording hook: its process, and what it has loaded so far. */
function recorded(args: readonly string[], stdin: 'ignore' | 'pipe') {
  const dir = tempDir({ 'hooks.mjs': HOOKS });
  writeFileSync(
    join(dir, 'register.mjs'),
    "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n",
  );
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const child = spawn(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], {
    env: { ...process.env, MCP_XDR_CONFIG: '', MCP_XDR_TEST_MODULE_LOG: log, AZURE_TENANT_ID: '' },
    stdio: [stdin, 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { child, exited, loaded: () => unbundled(readFileSync(log, 'utf8').split('\n').filter(Boolean)) };
}

/**
 * The built CLI is a bundle (scripts/bundle.ts): a loaded chunk of `src/app/` stands for every module
 * it holds, named by its tsc path (`.../src/kernel/kernel.js`), per the bundle's manifest.
 */
function unbundled(urls: readonly string[]): string[] {
  const manifest = built('src/app/modules.json');
  const chunks = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string[]>)
    : {};
  const base = pathToFileURL(built('')).href;
  return urls.flatMap((url) => {
    const modules = url.startsWith(base) ? chunks[url.slice(base.length).replace(/^\//, '')] : undefined;
    return modules === undefined ? [url] : [url, ...modules.map((module) => `${base}/${module}`)];
  });
}

async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const { exited, loaded } = recorded(args, 'ignore');
  expect(await exited).toBe(0);
  return loaded();
}

/** `serve` on stdio: what it has loaded by the time it answers `tools/list`. */
async function modulesLoadedBeforeListing(args: readonly string[]): Promise<string[]> {
  const { child, exited, loaded } = recorded(['serve', ...args], 'pipe');
  const send = (message: object) => child.stdin?.write(`${JSON.stringify(message)}\n`);
  let output = '';
  const listed = new Promise<string[]>((resolve) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('"id":2')) resolve(loaded());
    });
  });
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const modules = await listed;
  child.stdin?.end();
  expect(await exited).toBe(0);
  return modules;
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

  it('serve with a tenant and acting tools answers tools/list before loading token, HTTP or log libraries', async () => {
    // The example config: every built-in plugin up to destructive (so the approval console starts), a tenant.
    const loaded = await modulesLoadedBeforeListing(['--config', 'mcp-xdr.config.ts']);
    expect(loaded.some((url) => /\/src\/kernel\/approvals\/console-server\.js/.test(url))).toBe(true);
    expect(
      loaded.filter((url) => /@azure\/msal-node|node-forge|\/undici\/|\/jose\/|\/pino\//.test(url)),
    ).toEqual([]);
  });
});
