import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/** The command line alone; the command against a running server is in test/e2e/approval-console.test.ts. */
describe('mcp-xdr kill-switch: usage', () => {
  const key = { MCP_XDR_APPROVER_KEY: 'k'.repeat(40) };

  it('exits 2 for a bad action, no URL, no credential, or no reason to flip it', async () => {
    const url = ['--url', 'http://127.0.0.1:9/approvals'];
    expect((await runCli(['kill-switch', 'maybe', ...url], { env: key })).code).toBe(2);
    expect(
      (await runCli(['kill-switch', 'status'], { env: { ...key, MCP_XDR_CONSOLE_URL: '' } })).stderr,
    ).toContain('--url');
    expect(
      (await runCli(['kill-switch', 'status', ...url], { env: { MCP_XDR_APPROVER_KEY: '' } })).code,
    ).toBe(2);
    const noReason = await runCli(['kill-switch', 'on', ...url], { env: key });
    expect([noReason.code, noReason.stderr.includes('--reason')]).toEqual([2, true]);
    expect(
      (await runCli(['kill-switch', 'on', '--url', 'ftp://x', '--reason', 'r'], { env: key })).code,
    ).toBe(2);
  });

  it('exits 1 when the server cannot be reached, and never prints the key', async () => {
    const result = await runCli(['kill-switch', 'status', '--url', 'http://127.0.0.1:9/approvals'], {
      env: key,
    });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(key.MCP_XDR_APPROVER_KEY);
  });
});
