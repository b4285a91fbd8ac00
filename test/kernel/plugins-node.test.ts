import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Outside vitest, Node 20 cannot import TypeScript: a plugin named by path to a `.ts` file must
 * still load (through jiti), and nothing may be written beside it. Runs the built kernel in a
 * plain `node` process.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const KERNEL = pathToFileURL(join(ROOT, 'dist', 'src', 'kernel', 'kernel.js')).href;
const ZOD = join(ROOT, 'node_modules', 'zod', 'index.js');

describe('a TypeScript plugin under plain Node', () => {
  it('loads through jiti and writes nothing next to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-ts-plugin-'));
    writeFileSync(
      join(dir, 'typed.ts'),
      [
        `import { z } from ${JSON.stringify(ZOD)};`,
        'interface Prompt { name: string; description: string; render(): Promise<{ role: "user"; text: string }[]> }',
        "const hello: Prompt = { name: 'typed_hello', description: 'Hi.', render: async () => [{ role: 'user', text: 'hi' }] };",
        "export default { name: 'typed', version: '1.0.0', description: 'TS plugin.', options: z.object({}), tools: [], prompts: [hello] };",
      ].join('\n'),
    );
    const before = readdirSync(dir).sort();
    const script = [
      "await import('reflect-metadata');",
      `const { createKernel } = await import(${JSON.stringify(KERNEL)});`,
      "const config = { plugins: { './typed.ts': true }, audit: { stderr: false }, logLevel: 'silent' };",
      `const kernel = await createKernel({ config, configDir: ${JSON.stringify(dir)} });`,
      'console.log(JSON.stringify(kernel.prompts.map((p) => p.name)));',
      'await kernel.close();',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['typed_hello']);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
