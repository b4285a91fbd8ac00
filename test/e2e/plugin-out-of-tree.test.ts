import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmulatedTenants } from '../../src/cli/sandbox/emulated-tenants.js';
import { type CredentialFolder, writeCredentialFolder } from '../../src/emulator/cli-files.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { type CliResult, ROOT, runNode, tempDir } from '../cli/run-cli.js';
import { installBuiltPackage } from '../helpers/built-package.js';
import { codeBlocks } from '../kernel/docs/config-examples.js';

/**
 * docs/plugins.md, "An out-of-tree plugin from an empty folder": the files the page shows are written
 * into an empty folder where mcp-xdr is installed as a package, type-checked, built and tested with
 * their own test (which starts `mcp-xdr emulator` itself); then the built plugin is installed next to
 * a config made of the page's snippet and loaded by `mcp-xdr serve` over stdio, and its answer is
 * checked against the emulator's own data and request counters.
 */
const PAGE = readFileSync(join(ROOT, 'docs', 'plugins.md'), 'utf8');
const SECTION = PAGE.slice(
  PAGE.indexOf('## An out-of-tree plugin from an empty folder'),
  PAGE.indexOf('## Prompts and resources'),
);
const PACKAGE = 'mcp-xdr-severity-counts';
/** What the plugin's folder needs installed (linked from this repository, as npm would install them). */
const DEV_DEPENDENCIES = [
  'zod',
  'reflect-metadata',
  '@modelcontextprotocol/sdk',
  'vitest',
  'typescript',
  '@types/node',
];

/** The section's files: each block introduced by a line `severity-counts/<path>`:. */
function shownFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const match of SECTION.matchAll(/^`severity-counts\/(\S+)`:\n\n```\w+\n([\s\S]*?)^```/gm)) {
    files.set(match[1] as string, match[2] as string);
  }
  return files;
}

/** The config snippet (a `plugins:` fragment), the only other code block besides the shell lines. */
function configFragment(): string {
  const blocks = codeBlocks(SECTION, 'docs/plugins.md').filter((block) => /^plugins\s*:/.test(block.text));
  expect(blocks).toHaveLength(1);
  return (blocks[0] as { text: string }).text;
}

/** `node <argv>` in the plugin's folder; vitest's own variables are left out so a nested run starts clean. */
function inFolder(
  dir: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^VITEST|^VITE_/.test(name)),
  );
  return runNode(argv, { cwd: dir, env: { ...clean, ...env } });
}

describe('an out-of-tree plugin, exactly as docs/plugins.md shows it', () => {
  const files = shownFiles();
  let dir: string;

  beforeAll(() => {
    dir = tempDir();
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    installBuiltPackage(dir, DEV_DEPENDENCIES);
  });

  it('shows a whole package: manifest, tsconfigs, vitest setup, the tool and its test', () => {
    expect([...files.keys()].sort()).toEqual([
      'package.json',
      'src/count-by-severity.ts',
      'src/index.ts',
      'test/count-by-severity.test.ts',
      'test/setup.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
  });

  it('has mcp-xdr and zod as peer dependencies, at the versions this repository is tested with', () => {
    const shown = JSON.parse(files.get('package.json') as string);
    const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const versions = { ...ours.dependencies, ...ours.devDependencies, 'mcp-xdr': `^${ours.version}` };
    expect(Object.keys(shown.peerDependencies).sort()).toEqual(['mcp-xdr', 'zod']);
    for (const [name, range] of Object.entries({ ...shown.peerDependencies, ...shown.devDependencies })) {
      expect(range, name).toBe(versions[name]);
    }
    expect(Object.keys(shown.devDependencies).sort()).toEqual([...DEV_DEPENDENCIES, 'mcp-xdr'].sort());
  });

  it('type-checks, builds, and passes its own test against `mcp-xdr emulator`', async () => {
    const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const check = await inFolder(dir, [tsc, '-p', '.']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const build = await inFolder(dir, [tsc, '-p', 'tsconfig.build.json']);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);

    const vitest = join(dir, 'node_modules', 'vitest', 'vitest.mjs');
    const own = await inFolder(dir, [vitest, 'run'], { NO_COLOR: '1' });
    expect(own.code, own.stdout + own.stderr).toBe(0);
    expect(own.stdout).toMatch(/Tests\s+2 passed \(2\)/);
  }, 120_000);

  describe('loaded by `mcp-xdr serve` from the config snippet', () => {
    let emulator: RunningEmulator;
    let credentials: CredentialFolder;
    let client: Client;

    beforeAll(async () => {
      emulator = await startEmulator({ seed: 7 });
      credentials = await writeCredentialFolder(emulator);
      const { tenants, env } = await readEmulatedTenants(credentials);
      // The operator's folder: the config, and the plugin installed next to it.
      const operator = credentials.folder;
      mkdirSync(join(operator, 'node_modules'), { recursive: true });
      symlinkSync(dir, join(operator, 'node_modules', PACKAGE), 'dir');
      const config = join(operator, 'mcp-xdr.config.ts');
      writeFileSync(
        config,
        `export default {\ntenants: ${JSON.stringify(tenants)},\naudit: { stderr: false },\n${configFragment()}\n};\n`,
      );
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [join(dir, 'node_modules', '.bin', 'mcp-xdr'), 'serve', '--config', config],
        cwd: operator,
        env: { ...(process.env as Record<string, string>), ...env, MCP_XDR_CONFIG: '' },
        stderr: 'ignore',
      });
      client = new Client({ name: 'out-of-tree-e2e', version: '1.0.0' });
      await client.connect(transport);
    }, 120_000);
    afterAll(async () => {
      await client?.close();
      await emulator?.stop();
    });

    it('lists the tool under its plugin', async () => {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === 'count_incidents_by_severity');
      expect(tool?._meta).toMatchObject({ 'mcp-xdr/plugin': 'severity-counts', 'mcp-xdr/tier': 'read' });
    });

    it('counts what the emulator holds, with one request to its incidents route', async () => {
      const route = { tenant: 'contoso', route: 'GET /v1.0/security/incidents' };
      const before = emulator.control.counters.requests(route);
      const result = (await client.callTool({
        name: 'count_incidents_by_severity',
        arguments: { top: 12 },
      })) as CallToolResult;
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();

      const newest = (emulator.world.tenant('contoso')?.incidents ?? []).slice(0, 12);
      const expected: Record<string, number> = {};
      for (const incident of newest) {
        const severity = incident.severity ?? 'unknown';
        expected[severity] = (expected[severity] ?? 0) + 1;
      }
      expect(result.structuredContent).toEqual({ tenant: 'contoso', counted: 12, bySeverity: expected });
      expect(emulator.control.counters.requests(route) - before).toBe(1);
    });

    it('reaches the other tenant by key, and nothing for a key it does not know', async () => {
      const route = { tenant: 'fabrikam', route: 'GET /v1.0/security/incidents' };
      const before = emulator.control.counters.requests(route);
      const fabrikam = (await client.callTool({
        name: 'count_incidents_by_severity',
        arguments: { tenant: 'fabrikam', top: 3 },
      })) as CallToolResult;
      expect(fabrikam.structuredContent).toMatchObject({ tenant: 'fabrikam', counted: 3 });
      const unknown = (await client.callTool({
        name: 'count_incidents_by_severity',
        arguments: { tenant: 'nobody' },
      })) as CallToolResult;
      expect(unknown.isError).toBe(true);
      expect(emulator.control.counters.requests(route) - before).toBe(1);
    });
  });
});
