import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { built, runCli, tempDir } from './run-cli.js';
import { stdioSession } from './stdio-session.js';

const CONFIG = built('test/fixtures/stdio.config.js');
let auditFile: string;
let lines: string[];

/** A copy of the real audit file with `change` applied to its lines. */
function tampered(change: (lines: string[]) => string[]): string {
  const file = join(tempDir(), 'audit.jsonl');
  writeFileSync(file, `${change([...lines]).join('\n')}\n`);
  return file;
}

beforeAll(async () => {
  // A real audit file, written by the built server for real calls.
  auditFile = join(tempDir(), 'audit.jsonl');
  const call = (name: string) => ({ method: 'tools/call', params: { name, arguments: {} } });
  const session = await stdioSession(
    CONFIG,
    [call('test_simple_text'), call('test_error_handling'), call('test_simple_text')],
    { MCP_XDR_TEST_AUDIT: auditFile },
  );
  expect(session.code).toBe(0);
  lines = readFileSync(auditFile, 'utf8').trimEnd().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
});

describe('mcp-xdr audit verify', () => {
  it('exits 0 for the file the server wrote', async () => {
    const result = await runCli(['audit', 'verify', auditFile]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${lines.length} records`);
  });

  it('exits 1 naming line 2 when it was edited', async () => {
    const file = tampered((all) => {
      all[1] = all[1]!.replace('test_error_handling', 'test_simple_text');
      return all;
    });
    const result = await runCli(['audit', 'verify', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2');
  });

  it('exits 1 naming line 2 when the second record was deleted', async () => {
    const result = await runCli(['audit', 'verify', tampered((all) => all.filter((_, i) => i !== 1))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2');
  });

  it('exits 1 naming line 1 when two records were swapped', async () => {
    const result = await runCli(['audit', 'verify', tampered((all) => [all[1]!, all[0]!, ...all.slice(2)])]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 1');
  });

  it('exits 1 when the file cannot be read', async () => {
    const result = await runCli(['audit', 'verify', '/nonexistent/audit.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/nonexistent/audit.jsonl');
  });

  it.each([[['audit']], [['audit', 'verify']], [['audit', 'check', 'x']], [['audit', 'verify', 'a', 'b']]])(
    'exits 2 on a malformed command line %j',
    async (args) => {
      const result = await runCli(args);
      expect(result.code).toBe(2);
    },
  );
});

describe('mcp-xdr audit anchor, and verify --anchor', () => {
  it('prints SEQ:HASH of the last record, which verify then accepts', async () => {
    const anchored = await runCli(['audit', 'anchor', auditFile]);
    expect(anchored.code).toBe(0);
    const last = JSON.parse(lines.at(-1) as string) as { seq: number; hash: string };
    expect(anchored.stdout.trim()).toBe(`${last.seq}:${last.hash}`);
    const result = await runCli(['audit', 'verify', auditFile, '--anchor', anchored.stdout.trim()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`reaches anchor seq ${last.seq}`);
  });

  it('detects records cut off the end, which the chain alone cannot', async () => {
    const anchor = (await runCli(['audit', 'anchor', auditFile])).stdout.trim();
    const cut = tampered((all) => all.slice(0, -1));
    expect((await runCli(['audit', 'verify', cut])).code).toBe(0);
    const result = await runCli(['audit', 'verify', cut, '--anchor', anchor]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('cut off the end');
  });

  it('detects a chain rewritten from the anchored record on', async () => {
    const anchor = (await runCli(['audit', 'anchor', auditFile])).stdout.trim();
    const [seq] = anchor.split(':');
    const result = await runCli(['audit', 'verify', auditFile, '--anchor', `${seq}:${'0'.repeat(64)}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('rewritten');
  });

  it('refuses a malformed anchor, and anchors no tampered file', async () => {
    expect((await runCli(['audit', 'verify', auditFile, '--anchor', 'latest'])).code).toBe(2);
    const edited = tampered((all) => {
      all[1] = all[1]!.replace('test_error_handling', 'test_simple_text');
      return all;
    });
    const result = await runCli(['audit', 'anchor', edited]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('tampered');
  });
});
