import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installBuiltPackage } from '../helpers/built-package.js';
import { tempDir } from './run-cli.js';

/** What an out-of-tree plugin can import from the installed package, with its types. */
describe('the package exports', () => {
  it('mcp-xdr, mcp-xdr/config and mcp-xdr/defender resolve from an installed copy, with declarations', () => {
    const dir = tempDir();
    installBuiltPackage(dir, ['reflect-metadata']);
    const script = `
      await import('reflect-metadata');
      const kernel = await import('mcp-xdr');
      const config = await import('mcp-xdr/config');
      const defender = await import('mcp-xdr/defender');
      console.log(JSON.stringify([typeof kernel.Tool, typeof config.defineConfig,
        typeof defender.GraphClient, typeof defender.Tenants, typeof defender.displayName]));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(['function', 'function', 'function', 'function', 'function']);
    const pkg = join(dir, 'node_modules', 'mcp-xdr');
    for (const types of [
      'src/kernel/index.d.ts',
      'src/kernel/config/define.d.ts',
      'src/defender/index.d.ts',
    ]) {
      expect(existsSync(join(pkg, 'dist', types)), types).toBe(true);
    }
  });
});
