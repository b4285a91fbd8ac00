import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { built, runCli, tempDir } from '../../cli/run-cli.js';
import { installBuiltPackage } from '../../helpers/built-package.js';
import { CONFIG_WORDS, type ConfigExample, configExamples, documentedBlocks } from './config-examples.js';

/**
 * Every config example in README.md, docs/*.md and mcp-xdr.config.ts passes the real `mcp-xdr check`
 * (the built CLI: the config schema, plugin loading, every tool-name rule, the offline tenant
 * checks), in a folder where `mcp-xdr` is installed as a package, so `import ... from 'mcp-xdr/config'`
 * resolves as it would for an operator.
 *
 * Examples name a few plugins that are not built in, to show the other ways to name one: each gets a
 * stand-in fixture plugin here (add a line when a page names a new one). Examples that enable
 * Defender plugins without a `tenants` section get a single tenant from the environment, as the
 * page on configuration describes. Credential and CA files are per machine: an example may point
 * at a PFX, PEM or CA file that is not here, and only that problem is accepted.
 */
const STAND_INS: Record<string, string> = {
  './plugins/watchlist': 'test/fixtures/plugins/watchlist',
  '@acme/mcp-xdr-ticketing': 'test/fixtures/plugins/notes',
  'mcp-xdr-severity-counts': 'test/fixtures/plugins/incident-count',
};

const ENV_TENANT = {
  AZURE_TENANT_ID: '11111111-1111-1111-1111-111111111111',
  AZURE_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
  AZURE_CLIENT_SECRET: 'not-a-real-secret',
  AZURE_CLIENT_CERTIFICATE_PATH: '',
  AZURE_CERT_PATH: '',
  MCP_DEFENDER_XDR_TENANTS_FILE: '',
};

function installStandIns(dir: string): void {
  for (const [key, fixture] of Object.entries(STAND_INS)) {
    if (key.startsWith('.')) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      symlinkSync(built(fixture), join(dir, key), 'dir');
    } else {
      const pkg = join(dir, 'node_modules', key);
      mkdirSync(pkg, { recursive: true });
      writeFileSync(
        join(pkg, 'package.json'),
        JSON.stringify({ name: key, type: 'module', exports: './index.js' }),
      );
      writeFileSync(
        join(pkg, 'index.js'),
        `export { default } from ${JSON.stringify(built(`${fixture}/index.js`))};\n`,
      );
    }
  }
}

/** Writes the example as the file an operator would have; returns its path. */
function writeExample(dir: string, example: ConfigExample): string {
  switch (example.kind) {
    case 'config-ts':
      writeFileSync(join(dir, 'mcp-xdr.config.ts'), example.text);
      return join(dir, 'mcp-xdr.config.ts');
    case 'fragment':
      writeFileSync(join(dir, 'mcp-xdr.config.ts'), `export default {\n${example.text}\n};\n`);
      return join(dir, 'mcp-xdr.config.ts');
    case 'config-json':
      writeFileSync(join(dir, 'mcp-xdr.config.json'), example.text);
      return join(dir, 'mcp-xdr.config.json');
    case 'tenants-file':
      writeFileSync(join(dir, 'tenants.json'), example.text);
      chmodSync(join(dir, 'tenants.json'), 0o600);
      writeFileSync(
        join(dir, 'mcp-xdr.config.json'),
        JSON.stringify({ tenants: { file: './tenants.json' } }),
      );
      return join(dir, 'mcp-xdr.config.json');
  }
}

/** The `  - ` problem lines of an invalid-configuration report. */
const problemLines = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('  - '))
    .map((line) => line.slice(4));
const MISSING_MACHINE_FILE =
  /^tenant "[^"]+": (PFX file|PEM key file|PEM certificate file|CA file \(caFile\)) \S+ does not exist/;

describe('config examples in the documentation', () => {
  const examples = configExamples();

  it('finds them on the pages that have them', () => {
    const pages = new Set(examples.map((example) => example.where.replace(/:\d+$/, '')));
    for (const page of ['README.md', 'docs/configuration.md', 'docs/plugins.md', 'mcp-xdr.config.ts']) {
      expect(pages).toContain(page);
    }
  });

  it('misses none: every code block that uses config words is recognised as a config example', () => {
    const missed = documentedBlocks().filter(
      (block) =>
        block.kind === undefined &&
        ['ts', 'js', 'json'].includes(block.lang) &&
        CONFIG_WORDS.test(block.text) &&
        // Configs passed to createKernel() in code are covered by the tests of that code.
        !block.text.includes('createKernel('),
    );
    expect(missed.map((block) => block.where)).toEqual([]);
  });

  it.each(examples.map((example) => [example.where, example] as const))(
    '%s passes `mcp-xdr check`',
    async (_where, example) => {
      const dir = tempDir();
      installBuiltPackage(dir);
      installStandIns(dir);
      const file = writeExample(dir, example);
      const result = await runCli(['check', '--config', file], { cwd: dir, env: ENV_TENANT });
      if (result.code === 0) {
        expect(result.stdout).toMatch(/config is valid/);
        return;
      }
      expect(result.code, result.stderr).toBe(2);
      const problems = problemLines(result.stderr);
      expect(problems.length, result.stderr).toBeGreaterThan(0);
      for (const problem of problems) expect(problem, result.stderr).toMatch(MISSING_MACHINE_FILE);
    },
  );
});
