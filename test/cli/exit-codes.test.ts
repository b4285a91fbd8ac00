import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from './run-cli.js';

describe('mcp-xdr usage', () => {
  it('prints usage with --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'sandbox', 'tools', 'check', 'emulator', 'audit verify'])
      expect(result.stdout).toContain(command);
  });

  it('prints the package version with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect([result.code, result.stdout.trim()]).toEqual([0, version]);
  });

  it.each([
    ['an unknown flag', ['check', '--bogus']],
    ['an unknown flag on the default command', ['--bogus']],
    ['a flag without its value', ['check', '--config']],
    ['an unknown command', ['frobnicate']],
    ['an unexpected argument', ['check', 'extra']],
  ])('exits 2 on %s, with the problem on stderr and nothing on stdout', async (_case, args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/mcp-xdr: .+\n/);
    expect(result.stderr).toContain('--help');
  });
});

describe('mcp-xdr check', () => {
  it('exits 2 naming the plugin and the fix when a Defender plugin is enabled without a tenant', async () => {
    const dir = tempDir({ 'mcp-xdr.config.json': JSON.stringify({ plugins: { incidents: true } }) });
    const noTenantEnv = { AZURE_TENANT_ID: '', AZURE_CLIENT_ID: '', MCP_DEFENDER_XDR_TENANTS_FILE: '' };
    const result = await runCli(['check'], { cwd: dir, env: noTenantEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No tenant is configured, and an enabled plugin needs one');
    expect(result.stderr).toContain('Plugin "incidents"');
    expect(result.stderr).toContain('tenants.list');
  });

  it('exits 0 for a valid config', async () => {
    const dir = tempDir({ 'mcp-xdr.config.json': JSON.stringify({ policy: { maxTier: 'read' } }) });
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('config is valid (0 of 0 tools enabled)');
  });

  it.each([
    ['a bad value', { policy: { maxTier: 'admin' } }, 'policy.maxTier'],
    ['an unknown key', { policy: { maxTeir: 'read' } }, 'maxTeir'],
    ['a wrong type deep down', { server: { http: { port: 'eighty' } } }, 'server.http.port'],
    ['a plugin that does not exist', { plugins: { './no-such-plugin': true } }, 'no-such-plugin'],
  ])('exits 2 naming the key path for %s, without a stack trace', async (_case, config, path) => {
    const dir = tempDir({ 'cfg.json': JSON.stringify(config) });
    const result = await runCli(['check', '--config', join(dir, 'cfg.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when the named config file does not exist', async () => {
    const result = await runCli(['check', '--config', '/nonexistent/mcp-xdr.config.ts']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/mcp-xdr.config.ts');
  });

  it('exits 2 when no config is found and none is named', async () => {
    const result = await runCli(['check'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No config found/);
  });

  it('reads the config named by MCP_XDR_CONFIG', async () => {
    const dir = tempDir({ 'cfg.json': JSON.stringify({ logLevel: 'loud' }) });
    const result = await runCli(['check'], { env: { MCP_XDR_CONFIG: join(dir, 'cfg.json') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('logLevel');
  });
});
