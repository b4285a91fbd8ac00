import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
/** This run's copy of the build (test/global-setup.ts builds it when stale and copies it). */
export const DIST = inject('distDir');
/** The built command. */
export const CLI = join(DIST, 'src', 'cli', 'main.js');
/** A file of this run's build, e.g. `built('test/fixtures/stdio.config.js')`. */
export const built = (relative: string): string => join(DIST, relative);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `mcp-xdr` to completion with stdin closed. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
) {
  return runNode([CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, MCP_XDR_CONFIG: '', ...options.env },
  });
}

/** Runs `node <argv>` to completion with stdin closed, collecting its output. */
export function runNode(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh directory holding `files` (name -> content). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
