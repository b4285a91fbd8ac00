import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../cli/run-cli.js';

interface TeamLine {
  url: string;
  principals: { name: string; role: string; apiKey: string }[];
  oauthMetadata: string;
}

describe('mcp-xdr sandbox --transport http --team --json', () => {
  it('prints one JSON line and serves its three principals by API key only', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'sandbox', '--transport', 'http', '--team', '--json', '--port', '0'],
      {
        cwd: ROOT,
        env: { ...process.env, MCP_XDR_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
      });
      for (let i = 0; i < 1200 && !stdout.includes('\n'); i += 1) await new Promise((r) => setTimeout(r, 25));
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      const team = JSON.parse(lines[0] as string) as TeamLine;
      expect(team.principals.map((p) => [p.name, p.role])).toEqual([
        ['reader', 'reader'],
        ['responder', 'responder'],
        ['approver', 'approver'],
      ]);
      const metadata = (await (await fetch(team.oauthMetadata)).json()) as { resource: string };
      expect(metadata.resource).toBe(team.url);

      const anonymous = await fetch(team.url, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain(team.oauthMetadata);

      for (const principal of team.principals) {
        const client = new Client({ name: 'team-e2e', version: '1.0.0' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(team.url), {
            requestInit: { headers: { 'X-API-Key': principal.apiKey } },
          }),
        );
        const { tools } = await client.listTools();
        expect(tools.length).toBeGreaterThan(0);
        const result = await client.callTool({ name: 'list_incidents', arguments: {} });
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    expect(child.exitCode).toBe(0);
  }, 60_000);
});
