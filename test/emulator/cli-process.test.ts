import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const built = fileURLToPath(new URL('../../dist/src/emulator/index.js', import.meta.url));

// TypeScript sources cannot be spawned with plain node; `npm test` builds dist first.
describe.skipIf(!existsSync(built))('mcp-xdr emulator as a process (built JS)', () => {
  it('prints one JSON line, serves, and removes its folder on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(built)}); process.exitCode = await m.runEmulatorCommand(process.argv.slice(1));`,
        '--',
        '--seed',
        '5',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${stderr}`)));
    });
    const ready = JSON.parse(line) as { folder: string; endpoints: { login: string } };
    expect(existsSync(ready.folder)).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(ready.folder)).toBe(false);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });
});
