import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The preload as built (NODE_OPTIONS cannot load TypeScript). */
export const BUILT_PRELOAD = fileURLToPath(
  new URL('../../../dist/src/emulator/drop-in/node-preload.js', import.meta.url),
);

/** Writes the CA where NODE_EXTRA_CA_CERTS can read it. */
export async function caFile(dir: string, ca: string): Promise<string> {
  const path = join(dir, 'ca.pem');
  await writeFile(path, ca, { mode: 0o600 });
  return path;
}

/**
 * Runs a Node script with a clean environment plus `env` (no inherited proxy settings), and returns
 * its one JSON line.
 */
export function runNode(script: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`child exited ${code} without a JSON line: ${stdout}\n${stderr}`));
      }
    });
  });
}
