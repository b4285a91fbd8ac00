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

  it('fails offline `mcp-xdr check` until it is filled in: placeholder ids warned, the missing PFX named', async () => {
    const result = await runCli(['check'], { cwd: ROOT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('warning: tenant "contoso": tenantId is the placeholder all-zero GUID');
    expect(result.stderr).toContain('warning: tenant "contoso": clientId is the placeholder all-zero GUID');
    expect(result.stderr).toContain(
      `tenant "contoso": PFX file ${join(ROOT, 'secrets', 'contoso-mcp-xdr.pfx')} does not exist`,
    );
    expect(result.stdout).not.toContain('config is valid');
  });

  it('is refused by check --online before any sign-in while its PFX is missing', async () => {
    const result = await runCli(['check', '--online'], { cwd: ROOT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('contoso-mcp-xdr.pfx does not exist');
    expect(result.stdout).toBe('');
  });
});
