import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_META_KEY, SANDBOX_NOTICE } from '../../src/cli/sandbox/mark.js';
import { built, CLI, ROOT, runCli, tempDir } from '../cli/run-cli.js';
import { rawStdioSession } from '../cli/stdio-session.js';
import {
  type SandboxChild,
  type StdioSandbox,
  startSandboxHttp,
  startSandboxStdio,
  startStdioServer,
} from './sandbox-child.js';

/**
 * An operator config as it would be for production: a Defender fixture plugin, a policy, and a real
 * tenant whose certificate is not even on this machine. The sandbox must swap the tenant for the
 * emulator's and keep the rest.
 */
function operatorConfig(overrides: Record<string, unknown> = {}): string {
  const config = {
    plugins: {
      [built('test/fixtures/plugins/incident-count')]: true,
      incidents: { tools: { include: ['list_incidents'] } },
    },
    policy: { maxTier: 'read', rateLimits: { tools: { count_incidents: { perMinute: 30 } } } },
    audit: { stderr: false },
    tenants: {
      list: {
        production: {
          tenantId: '00000000-0000-0000-0000-000000000001',
          clientId: '00000000-0000-0000-0000-000000000002',
          credential: {
            kind: 'certificate',
            pfxPath: '/nonexistent/prod.pfx',
            passphraseEnv: 'PROD_PFX_PASS',
          },
        },
      },
    },
    ...overrides,
  };
  return join(tempDir({ 'mcp-xdr.config.json': JSON.stringify(config) }), 'mcp-xdr.config.json');
}

function expectSandboxMarked(result: CallToolResult) {
  expect(result._meta?.[SANDBOX_META_KEY]).toBe(true);
  expect(result.content[0]).toEqual({ type: 'text', text: SANDBOX_NOTICE });
}

describe('mcp-xdr sandbox over Streamable HTTP', () => {
  let sandbox: SandboxChild;
  beforeAll(async () => {
    sandbox = await startSandboxHttp(['--config', operatorConfig()]);
  });
  afterAll(async () => {
    await sandbox?.client.close();
    await sandbox?.stop();
  });

  it('prints how to connect Claude Code, Claude Desktop and the MCP Inspector to the bound URL', () => {
    const help = sandbox.stdout();
    expect(help).toContain(`claude mcp add --transport http mcp-xdr ${sandbox.url.href}`);
    expect(help).toContain('claude_desktop_config.json');
    expect(help).toContain(
      `"command":"node","args":[${JSON.stringify(CLI)},"sandbox","--transport","stdio"]`,
    );
    expect(help).toContain('npx @modelcontextprotocol/inspector');
    expect(help).toContain(`npx @modelcontextprotocol/inspector --cli ${sandbox.url.href} --transport http`);
    expect(help).toContain('tenants contoso, fabrikam (seed 1)');
    // A clone has no `mcp-xdr` on npm's path: every command names the built entry point.
    expect(help).not.toContain('npx mcp-xdr');
    expect(help).not.toContain('"mcp-xdr","sandbox"');
  });

  it("serves the config's plugins, with the emulator's tenants in place of the config's own", async () => {
    const { tools } = await sandbox.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['count_incidents', 'list_incidents']);
    const result = await sandbox.call('count_incidents');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ tenant: 'contoso' });
    expect((result.structuredContent as { incidents: number }).incidents).toBeGreaterThan(0);
  });

  it('fans tenant "*" out to each emulated tenant once (the read-only apps are not tenants here)', async () => {
    const result = await sandbox.call('list_incidents', { tenant: '*' });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const { results } = result.structuredContent as { results: { tenant: string; ok: boolean }[] };
    expect(results.map((r) => [r.tenant, r.ok])).toEqual([
      ['contoso', true],
      ['fabrikam', true],
    ]);
    const readonly = await sandbox.call('count_incidents', { tenant: 'fabrikam-readonly' });
    expect(readonly.isError).toBe(true);
  });

  it('marks every result as sandbox data, in _meta and as the first line of text', async () => {
    expectSandboxMarked(await sandbox.call('count_incidents', { tenant: 'fabrikam' }));
  });

  it('names itself a sandbox to clients in initialize', () => {
    expect(sandbox.client.getServerVersion()?.name).toBe('mcp-xdr-sandbox');
  });

  it("refuses the config's own (real) tenant and never echoes it", async () => {
    const result = await sandbox.call('count_incidents', { tenant: 'production' });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('production');
  });
});

describe('mcp-xdr sandbox over stdio', () => {
  let sandbox: StdioSandbox;
  beforeAll(async () => {
    sandbox = await startSandboxStdio(['--config', operatorConfig()]);
  });
  afterAll(async () => sandbox?.close());

  it('serves a real SDK client, marked as sandbox data, with the connection help on stderr', async () => {
    const result = await sandbox.call('count_incidents');
    expect(result.structuredContent).toMatchObject({ tenant: 'contoso' });
    expectSandboxMarked(result);
    expect(sandbox.stderr()).toContain(`claude mcp add mcp-xdr -- node ${CLI} sandbox --transport stdio`);
    // `--` ends the Inspector's own options: without it, its CLI mode takes `--transport stdio` for itself.
    expect(sandbox.stderr()).toContain(
      `npx @modelcontextprotocol/inspector -- node ${CLI} sandbox --transport stdio`,
    );
    expect(sandbox.stderr()).toContain(
      `npx @modelcontextprotocol/inspector --cli --method tools/list -- node ${CLI} sandbox --transport stdio`,
    );
    expect(sandbox.stderr()).not.toContain('npx mcp-xdr');
  });

  it('the server command it prints after `--` is a working stdio server', async () => {
    const printed = /inspector --cli --method tools\/list -- (.+)\n/.exec(sandbox.stderr())?.[1];
    expect(printed).toBeDefined();
    const [command, ...args] = printed!.split(' ');
    expect(command).toBe('node');
    const other = await startStdioServer(args);
    try {
      expect((await other.client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('writes nothing but JSON-RPC to stdout, and ends when stdin ends', async () => {
    const session = await rawStdioSession(
      ['sandbox', '--transport', 'stdio', '--config', operatorConfig({ audit: { stderr: true } })],
      [
        { method: 'tools/list' },
        { method: 'tools/call', params: { name: 'count_incidents', arguments: {} } },
        { method: 'tools/call', params: { name: 'count_incidents', arguments: { tenant: 'nope' } } },
      ],
    );
    expect(session.code).toBe(0);
    expect([...session.responses.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const line of session.stdoutLines) expect(JSON.parse(line).jsonrpc, line).toBe('2.0');
    // The help, the start-up lines and the audit records all went to stderr.
    expect(session.stderr).toContain('claude_desktop_config.json');
    expect(session.stderr).toContain('"tool":"count_incidents"');
    const folder = /temporary credentials in (\S+) /.exec(session.stderr)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder!)).toBe(false);
  });
});

describe('mcp-xdr sandbox start and stop', () => {
  it('over stdio, exits 0 when its stdin is closed from the start, and removes its folder', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--transport', 'stdio'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.stdout.resume();
    const [code] = await once(child, 'exit');
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Serving MCP over stdio');
    const folder = /temporary credentials in (\S+) /.exec(stderr)?.[1];
    expect(existsSync(folder!)).toBe(false);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops on %s with exit 0: the emulator stopped and its credential folder removed',
    async (signal) => {
      const policy = { maxTier: 'read', rateLimits: { tools: { count_incidents: { perMinute: 1 } } } };
      const sandbox = await startSandboxHttp(['--config', operatorConfig({ policy })]);
      expect(existsSync(join(sandbox.folder, 'ca.pem'))).toBe(true);
      // The operator's policy applies in the sandbox as it would in production.
      expect((await sandbox.call('count_incidents')).isError).toBeFalsy();
      const limited = await sandbox.call('count_incidents');
      expect(limited.isError).toBe(true);
      expect(limited._meta?.['mcp-xdr/error']).toMatchObject({ code: 'rate_limited' });
      await sandbox.client.close();
      expect(await sandbox.stop(signal)).toBe(0);
      expect(existsSync(sandbox.folder)).toBe(false);
    },
  );

  it('cleans up on a Ctrl-C that comes while it is still starting', async () => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const folder = await new Promise<string>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk;
        const match = /temporary credentials in (\S+) /.exec(stderr);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
    });
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(existsSync(folder)).toBe(false);
  });

  it('exits 2 on a config error found after the emulator started, and still removes its folder', async () => {
    const config = operatorConfig({ policy: { tierRaise: { no_such_tool: 'write' } } });
    const result = await runCli(['sandbox', '--port', '0', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no_such_tool');
    const folder = /temporary credentials in (\S+) /.exec(result.stderr)?.[1];
    expect(folder).toBeDefined();
    expect(existsSync(folder!)).toBe(false);
  });

  it.each([
    [['--seed', 'x']],
    [['--seed', '-1']],
    [['--transport', 'carrier-pigeon']],
    [['--port', '70000']],
    [['--bogus']],
  ])('exits 2 for sandbox %j before starting anything', async (args) => {
    const result = await runCli(['sandbox', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('temporary credentials');
  });
});
