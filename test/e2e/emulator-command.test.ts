import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/cli/sandbox/emulated-tenants.js';
import { built, CLI, ROOT, runCli, tempDir } from '../cli/run-cli.js';

interface EmulatorLine {
  emulator: string;
  endpoints: { login: string; graph: string; mde: string; control: string };
  caFile: string;
  folder: string;
  envFile: string;
  configFile: string;
  tenants: { key: string; tenantId: string; apps: { name: string; clientId: string; roles: string[] }[] }[];
}

/** `mcp-xdr emulator --port 0`: the first stdout line, parsed. */
async function startEmulatorChild(): Promise<{ child: ChildProcess; line: EmulatorLine; raw: string }> {
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--seed', '3'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const raw = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, line: JSON.parse(raw) as EmulatorLine, raw };
}

describe('mcp-xdr emulator', () => {
  let child: ChildProcess;
  let line: EmulatorLine;
  let raw: string;
  let env: Record<string, string>;
  /** The values of the env file that are secrets (the endpoint URL is not). */
  const secrets = () =>
    Object.entries(env)
      .filter(([name]) => /PASSPHRASE|SECRET|KEY|HEADER/.test(name))
      .map(([, value]) => value);
  beforeAll(async () => {
    ({ child, line, raw } = await startEmulatorChild());
    env = parseEnvFile(readFileSync(line.envFile, 'utf8'));
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('prints one JSON line: endpoints, CA, private credential files, a ready config, and no secret', () => {
    expect(line.emulator).toBe('mcp-xdr');
    expect(new URL(line.endpoints.login).hostname).toBe('127.0.0.1');
    expect(line.tenants.map((tenant) => tenant.key)).toEqual(['contoso', 'fabrikam']);
    expect(line.tenants[0]?.apps.map((app) => app.name)).toEqual(['full', 'readonly']);
    for (const file of [line.caFile, line.envFile, line.configFile])
      expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(line.folder).mode & 0o777).toBe(0o700);
    expect(secrets().length).toBeGreaterThan(8);
    for (const secret of secrets()) expect(raw).not.toContain(secret);
  });

  it('check --online signs in to every tenant of the config it wrote and exits 0', async () => {
    const result = await runCli(['check', '--online', '--config', line.configFile], { env });
    expect(result.code, result.stderr).toBe(0);
    for (const key of ['contoso', 'contoso-readonly', 'fabrikam', 'fabrikam-readonly'])
      expect(result.stdout).toMatch(
        new RegExp(`^${key}\\s+certificate until \\d{4}-\\d\\d-\\d\\d\\s+ok\\s+ok`, 'm'),
      );
    expect(result.stdout).toContain('every tenant is usable (4)');
    for (const secret of secrets()) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('check --online exits 1 naming the tenant whose certificate is not the registered one', async () => {
    const config = JSON.parse(readFileSync(line.configFile, 'utf8'));
    const contoso = line.tenants.find((tenant) => tenant.key === 'contoso');
    // The full app's certificate presented for the read-only app: Entra refuses the assertion.
    config.tenants.list.contoso.clientId = contoso?.apps.find((app) => app.name === 'readonly')?.clientId;
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(config));
    const result = await runCli(['check', '--online', '--config', join(dir, 'broken.json')], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('not usable: contoso\n');
    expect(result.stdout).toMatch(/^contoso\s+.*ERROR/m);
    expect(result.stdout).toMatch(/^fabrikam\s+certificate until \S+\s+ok\s+ok/m);
  });

  it('check --online with the built-in plugins: their permissions are granted; a plugin it does not know is named', async () => {
    const config = JSON.parse(readFileSync(line.configFile, 'utf8'));
    config.plugins = {
      incidents: true,
      hunting: true,
      enrichment: true,
      [built('test/fixtures/plugins/incident-count')]: true,
    };
    const dir = tempDir();
    writeFileSync(join(dir, 'plugins.json'), JSON.stringify(config));
    const result = await runCli(['check', '--online', '--config', join(dir, 'plugins.json')], { env });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // The emulator's config stays at maxTier 'read': the incident triage writes are withheld.
    expect(result.stdout).toContain('config is valid (11 of 16 tools enabled)');
    expect(result.stdout).toContain('Permissions not known to mcp-xdr, not checked: count_incidents');
    expect(result.stdout).toMatch(/^contoso-readonly\s+certificate until \S+\s+ok\s+ok\s+-$/m);
  });

  it('check --online exits 1 when the PFX passphrase variable is not set, naming the variable', async () => {
    const result = await runCli(['check', '--online', '--config', line.configFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^contoso-readonly\s+ERROR: .*MCP_XDR_EMU_CONTOSO_READONLY_PASSPHRASE/m);
    // The PEM-key tenants need no variable and stay usable.
    expect(result.stdout).toMatch(/^contoso\s+certificate until \S+\s+ok\s+ok/m);
  });

  it('stops on SIGTERM with exit 0 and removes its credential folder', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(existsSync(line.folder)).toBe(false);
  });

  it('exits 2 on a bad flag', async () => {
    const result = await runCli(['emulator', '--port', 'x']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
