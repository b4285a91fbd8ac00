import { describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/kernel/auth/api-keys.js';
import { runCli } from './run-cli.js';

describe('mcp-xdr keys create', () => {
  it('prints a prefixed key once and the config entry with its hash only', async () => {
    const result = await runCli(['keys', 'create', 'alice', '--role', 'responder', '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.apiKey).toMatch(/^mxk_[A-Za-z0-9_-]{43}$/);
    expect(printed.entry).toEqual({ name: 'alice', role: 'responder', hash: hashApiKey(printed.apiKey) });
    const again = JSON.parse(
      (await runCli(['keys', 'create', 'alice', '--role', 'responder', '--json'])).stdout,
    );
    expect(again.apiKey).not.toBe(printed.apiKey);
    const text = await runCli(['keys', 'create', 'bob', '--role', 'reader']);
    expect(text.stdout).toContain('"hash":"sha256:');
    expect(text.stdout).toContain('X-API-Key');
  });

  it('exits 2 without a role or with a bad name', async () => {
    expect((await runCli(['keys', 'create', 'alice'])).code).toBe(2);
    expect((await runCli(['keys', 'create', 'a b', '--role', 'r'])).code).toBe(2);
    expect((await runCli(['keys', 'list'])).code).toBe(2);
  });
});
