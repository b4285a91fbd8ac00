import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { built, ROOT } from '../cli/run-cli.js';

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [built('scripts/demo.js')], {
      cwd: ROOT,
      env: { ...process.env, DEMO_LINES: '400' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

describe('npm run demo', () => {
  it('investigates through a real client against the spawned sandbox: incidents, worst, device, user, hunt', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(code, stderr).toBe(0);
    const calls = [...stdout.matchAll(/→ (\w+) /g)].map((match) => match[1]);
    expect(calls).toEqual([
      'list_incidents',
      'get_incident',
      'enrich_device',
      'enrich_user',
      'run_hunting_query',
    ]);
    // The worst incident is the one it opens.
    const worst = /worst: incident (\d+) \(high/.exec(stdout)?.[1];
    expect(stdout).toContain(`get_incident {"incidentId":"${worst}"}`);
    // The hunt ran in every tenant and found the command line again.
    for (const tenant of ['contoso', 'fabrikam'])
      expect(stdout).toMatch(new RegExp(`Tenant "${tenant}": [1-9]\\d* rows?\\b`));
    expect(stdout.match(/Sandbox: emulated data, not a real tenant\./g)).toHaveLength(5);
    expect(stdout).toContain('Done: every result above is emulated sandbox data.');
  }, 90_000);
});
