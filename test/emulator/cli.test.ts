import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEmulatorCommand } from '../../src/emulator/index.js';
import { call, trustingAgent } from './support/client.js';

interface AppLine {
  name: string;
  clientId: string;
  roles: string[];
  pfxFile: string;
  passphraseEnv: string;
  keyFile: string;
  certFile: string;
  secretFile: string;
  secretEnv: string;
}
interface ReadyLine {
  endpoints: { login: string; graph: string; mde: string; managedIdentity: string; control: string };
  caFile: string;
  folder: string;
  envFile: string;
  configFile: string;
  controlKeyEnv: string;
  tenants: { key: string; tenantId: string; apps: AppLine[] }[];
}

const lines: string[] = [];
const errors: string[] = [];
const stop = new AbortController();
let exit: Promise<number>;
let ready: ReadyLine;
let rawLine: string;

beforeAll(async () => {
  exit = runEmulatorCommand(['--seed', '42'], {
    stdout: (line) => lines.push(line),
    stderr: (text) => errors.push(text),
    signal: stop.signal,
  });
  while (lines.length === 0) {
    if (errors.some((e) => !e.includes('serving on'))) throw new Error(errors.join(''));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  rawLine = lines[0] ?? '';
  ready = JSON.parse(rawLine) as ReadyLine;
});
afterAll(async () => {
  stop.abort();
  await exit;
});

async function readEnv(): Promise<Record<string, string>> {
  const text = await readFile(ready.envFile, 'utf8');
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('mcp-xdr emulator (runEmulatorCommand)', () => {
  it('prints exactly one JSON line with endpoints, files and variable names', () => {
    expect(lines).toHaveLength(1);
    expect(ready.endpoints.login).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.endpoints.graph).toBe(ready.endpoints.login);
    expect(ready.tenants.map((t) => t.key)).toEqual(['contoso', 'fabrikam']);
    const app = ready.tenants[0]?.apps[0];
    expect(app?.passphraseEnv).toBe('MCP_XDR_EMU_CONTOSO_FULL_PASSPHRASE');
    expect(ready.tenants[0]?.apps.map((a) => a.name)).toEqual(['full', 'readonly']);
  });

  it('never prints a secret: passphrases, client secrets and the control key stay in the env file', async () => {
    const env = await readEnv();
    const printed = rawLine + errors.join('');
    const secrets = Object.entries(env).filter(([name]) =>
      /PASSPHRASE|SECRET|CONTROL_KEY|IDENTITY_HEADER/.test(name),
    );
    expect(secrets.length).toBe(2 * 2 * 2 + 2);
    for (const [, value] of secrets) expect(printed).not.toContain(value);
    for (const tenant of ready.tenants) {
      for (const app of tenant.apps) expect(printed).not.toContain(await readFile(app.secretFile, 'utf8'));
    }
    expect(errors.join('')).toContain(ready.folder);
  });

  it('writes a 0700 folder of 0600 files', async () => {
    expect((await stat(ready.folder)).mode & 0o777).toBe(0o700);
    const files = [ready.caFile, ready.envFile, ready.configFile];
    for (const app of ready.tenants.flatMap((t) => t.apps))
      files.push(app.pfxFile, app.keyFile, app.certFile, app.secretFile);
    for (const file of files)
      expect({ file, mode: (await stat(file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
  });

  it('writes a PFX that opens with the passphrase from the env file, and matching PEM files', async () => {
    const env = await readEnv();
    const app = ready.tenants[0]?.apps[0] as AppLine;
    const pfx = await readFile(app.pfxFile);
    expect(() => createSecureContext({ pfx, passphrase: env[app.passphraseEnv] })).not.toThrow();
    expect(() => createSecureContext({ pfx, passphrase: 'wrong' })).toThrow();
    const cert = new X509Certificate(await readFile(app.certFile));
    expect(cert.checkPrivateKey(createPrivateKey(await readFile(app.keyFile)))).toBe(true);
  });

  it('writes a config in the tenants contract that points at the emulator', async () => {
    const config = JSON.parse(await readFile(ready.configFile, 'utf8')) as {
      tenants: { default: string; list: Record<string, Record<string, unknown>> };
    };
    expect(config.tenants.default).toBe('contoso');
    expect(Object.keys(config.tenants.list)).toEqual([
      'contoso',
      'contoso-readonly',
      'fabrikam',
      'fabrikam-readonly',
    ]);
    const contoso = ready.tenants[0];
    expect(config.tenants.list.contoso).toEqual({
      tenantId: contoso?.tenantId,
      clientId: contoso?.apps[0]?.clientId,
      credential: {
        kind: 'certificate',
        keyPath: contoso?.apps[0]?.keyFile,
        certPath: contoso?.apps[0]?.certFile,
      },
      cloud: {
        loginUrl: ready.endpoints.login,
        graphUrl: ready.endpoints.graph,
        mdeUrl: ready.endpoints.mde,
        managedIdentityUrl: ready.endpoints.managedIdentity,
      },
      caFile: ready.caFile,
    });
    expect(config.tenants.list['contoso-readonly']?.credential).toEqual({
      kind: 'certificate',
      pfxPath: contoso?.apps[1]?.pfxFile,
      passphraseEnv: 'MCP_XDR_EMU_CONTOSO_READONLY_PASSPHRASE',
    });
  });

  it('serves over TLS with the written CA, and the control key from the env file works', async () => {
    const env = await readEnv();
    const agent = trustingAgent(await readFile(ready.caFile, 'utf8'));
    try {
      const response = await call(agent, `${ready.endpoints.control}/counters`, {
        headers: { authorization: `Bearer ${env[ready.controlKeyEnv]}` },
      });
      expect(response.status).toBe(200);
    } finally {
      await agent.close();
    }
  });

  it('refuses unknown arguments with exit code 2', async () => {
    const messages: string[] = [];
    const code = await runEmulatorCommand(['--bogus'], { stdout: () => {}, stderr: (t) => messages.push(t) });
    expect(code).toBe(2);
    expect(messages.join('')).toContain('usage: mcp-xdr emulator');
    expect(await runEmulatorCommand(['--port', '70000'], { stdout: () => {}, stderr: () => {} })).toBe(2);
  });
});

describe('stopping', () => {
  it('removes the credential folder and exits 0', async () => {
    stop.abort();
    expect(await exit).toBe(0);
    expect(existsSync(ready.folder)).toBe(false);
  });
});
