import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliConfigSchema } from '../../src/cli/config.js';
import { SANDBOX_PLUGINS } from '../../src/cli/sandbox/default-config.js';
import { loadConfig } from '../../src/kernel/config/loader.js';
import { ROOT, runCli } from './run-cli.js';

const EXAMPLE = join(ROOT, 'mcp-xdr.config.ts');

describe('the example operator config (mcp-xdr.config.ts)', () => {
  it('parses with the CLI schema: the built-in plugins, one certificate tenant, passphrase by variable', async () => {
    const { config } = await loadConfig({ schema: cliConfigSchema, file: EXAMPLE, env: {} });
    expect(Object.keys(config.plugins).sort()).toEqual([...SANDBOX_PLUGINS].sort());
    const contoso = config.tenants?.list?.contoso;
    expect(contoso?.credential).toMatchObject({ kind: 'certificate', passphraseEnv: expect.any(String) });
    expect(contoso?.credential).not.toHaveProperty('passphrase');
    // Every built-in tool, acting ones included, so the sandbox can try them on emulated data.
    expect(config.policy.maxTier).toBe('destructive');
  });

  it('passes `mcp-xdr check`, found from the working directory', async () => {
    const result = await runCli(['check'], { cwd: ROOT });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/config is valid \((\d+) of \1 tools enabled\)/);
  });

  it('is not usable online without its passphrase variable: check --online exits 1 naming it', async () => {
    const result = await runCli(['check', '--online'], { cwd: ROOT });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('MCP_XDR_CONTOSO_PFX_PASSPHRASE is not set');
  });
});
