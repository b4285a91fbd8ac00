import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConfig } from '../../../src/kernel/config/define.js';
import { CONFIG_ENV, loadConfig } from '../../../src/kernel/config/loader.js';
import { createConfigSchema } from '../../../src/kernel/config/schema.js';
import { ConfigError } from '../../../src/kernel/errors.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const maxTierOf = async (cwd: string, extra: { file?: string; env?: Record<string, string> } = {}) =>
  (await loadConfig({ cwd, env: {}, ...extra })).config.policy.maxTier;

describe('config discovery', () => {
  const kinds: [string, string][] = [
    ['mcp-xdr.config.ts', "const tier: 'write' = 'write';\nexport default { policy: { maxTier: tier } };\n"],
    ['mcp-xdr.config.mts', "export default { policy: { maxTier: 'write' as const } };\n"],
    ['mcp-xdr.config.js', "export default { policy: { maxTier: 'write' } };\n"],
    ['mcp-xdr.config.mjs', "export default { policy: { maxTier: 'write' } };\n"],
    ['mcp-xdr.config.json', '{ "policy": { "maxTier": "write" } }'],
    ['.mcp-xdrrc', '{ "policy": { "maxTier": "write" } }'],
    ['.mcp-xdrrc.json', '{ "policy": { "maxTier": "write" } }'],
    ['.mcp-xdrrc.yaml', 'policy:\n  maxTier: write\n'],
    ['package.json', '{ "name": "x", "type": "module", "mcp-xdr": { "policy": { "maxTier": "write" } } }'],
  ];
  for (const [name, text] of kinds) {
    it(`finds ${name} in the working directory`, async () => {
      const files: Record<string, string> = { [name]: text };
      // .js config files are ESM only when the nearest package.json says so.
      if (name.endsWith('.js')) files['package.json'] = '{ "type": "module" }';
      const cwd = dirWith(files);
      const loaded = await loadConfig({ cwd, env: {} });
      expect(loaded.config.policy.maxTier).toBe('write');
      expect(loaded.filepath).toBe(join(cwd, name));
      expect(loaded.configDir).toBe(cwd);
    });
  }

  it('prefers mcp-xdr.config.ts over the other kinds', async () => {
    const cwd = dirWith({
      'mcp-xdr.config.ts': "export default { policy: { maxTier: 'destructive' } };",
      'mcp-xdr.config.json': '{ "policy": { "maxTier": "write" } }',
    });
    expect(await maxTierOf(cwd)).toBe('destructive');
  });

  it('loads a .ts config without writing anything next to it', async () => {
    const cwd = dirWith({
      'mcp-xdr.config.ts':
        "import { join } from 'node:path';\nexport default { audit: { file: join('a', 'b') } };\n",
    });
    const before = readdirSync(cwd).sort();
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.config.audit.file).toBe(join('a', 'b'));
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it.each(['settings.mts', 'settings.cts'])(
    'loads a named %s config without writing anything next to it',
    async (name) => {
      const cwd = dirWith({ [name]: "export default { policy: { maxTier: 'write' } };\n" });
      const before = readdirSync(cwd).sort();
      const loaded = await loadConfig({ cwd, env: {}, file: name });
      expect(loaded.config.policy.maxTier).toBe('write');
      expect(readdirSync(cwd).sort()).toEqual(before);
    },
  );

  it('reads a changed .ts config again instead of a cached copy', async () => {
    const cwd = dirWith({ 'mcp-xdr.config.ts': "export default { policy: { maxTier: 'write' } };" });
    expect(await maxTierOf(cwd)).toBe('write');
    writeFileSync(join(cwd, 'mcp-xdr.config.ts'), "export default { policy: { maxTier: 'destructive' } };");
    expect(await maxTierOf(cwd)).toBe('destructive');
  });

  it('uses --config FILE over MCP_XDR_CONFIG, and MCP_XDR_CONFIG over the search', async () => {
    const cwd = dirWith({
      'mcp-xdr.config.json': '{ "policy": { "maxTier": "read" } }',
      'by-env.json': '{ "policy": { "maxTier": "write" } }',
      'by-flag.json': '{ "policy": { "maxTier": "destructive" } }',
    });
    const env = { [CONFIG_ENV]: join(cwd, 'by-env.json') };
    expect(await maxTierOf(cwd)).toBe('read');
    expect(await maxTierOf(cwd, { env })).toBe('write');
    expect(await maxTierOf(cwd, { env, file: 'by-flag.json' })).toBe('destructive');
  });

  it('reports a missing named file and an empty directory', async () => {
    const cwd = dirWith({});
    expect((await configError(loadConfig({ cwd, env: {}, file: 'nope.json' }))).message).toContain(
      'not found',
    );
    const none = await configError(loadConfig({ cwd, env: {} }));
    expect(none.message).toContain('No config found');
    expect(none.message).toContain('MCP_XDR_CONFIG');
  });

  it('reports a config that does not parse as a ConfigError', async () => {
    const cwd = dirWith({ 'mcp-xdr.config.json': '{ "policy": ' });
    expect((await configError(loadConfig({ cwd, env: {} }))).message).toContain('Cannot read config');
  });
});

describe('config validation', () => {
  it('names the key path of a wrong type, a bad value and an unknown key', async () => {
    const cwd = dirWith({
      'mcp-xdr.config.json': JSON.stringify({
        policy: {
          maxTier: 'root',
          outputBudgetBytes: 'big',
          rateLimits: { default: { perMinute: 1, burst: 2 } },
        },
        plugns: {},
      }),
    });
    const error = await configError(loadConfig({ cwd, env: {} }));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^policy\.maxTier: /),
        expect.stringMatching(/^policy\.outputBudgetBytes: .*number/),
        'policy.rateLimits.default.burst: unknown key',
        'plugns: unknown key',
      ]),
    );
  });

  it('checks extension sections with the schema it is given', async () => {
    const schema = createConfigSchema({ tenants: z.object({ default: z.string() }).strict().optional() });
    const good = dirWith({ 'mcp-xdr.config.json': '{ "tenants": { "default": "contoso" } }' });
    expect((await loadConfig({ cwd: good, env: {}, schema })).config.tenants).toEqual({ default: 'contoso' });
    const bad = dirWith({ 'mcp-xdr.config.json': '{ "tenants": { "default": 7 } }' });
    expect((await configError(loadConfig({ cwd: bad, env: {}, schema }))).problems[0]).toMatch(
      /^tenants\.default: /,
    );
    // Without the extension, the same section is an unknown key.
    expect((await configError(loadConfig({ cwd: good, env: {} }))).problems).toEqual([
      'tenants: unknown key',
    ]);
  });
});

describe('defineConfig', () => {
  it('returns the config as written, typed for the kernel sections, with room for extensions', () => {
    const config = defineConfig({ policy: { maxTier: 'write' }, tenants: { default: 'contoso' } });
    expect(config).toEqual({ policy: { maxTier: 'write' }, tenants: { default: 'contoso' } });
    expect(config.policy.maxTier).toBe('write');
    // The type checker (npm run typecheck) holds these: a wrong kernel value does not compile.
    // @ts-expect-error 'root' is not a tier
    defineConfig({ policy: { maxTier: 'root' } });
    // @ts-expect-error outputBudgetBytes is a number
    defineConfig({ policy: { outputBudgetBytes: '1MB' } });
  });
});
