import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../cli/run-cli.js';

const LINK = /approval console on (http:\/\/127\.0\.0\.1:\d+\/approvals); one-time login link: (\S+)/;

/**
 * The newcomer's path, as Claude Desktop runs it: the built `mcp-xdr sandbox --transport stdio`, a
 * real SDK client without elicitation asks for an isolation, the person signs in to the console with
 * the one-time link the server printed on stderr, approves, and the assistant's retry runs it.
 */
describe('stdio sandbox: approve in the browser', () => {
  it('prints the console and a one-time login link on stderr only, and the approved isolation runs once', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'sandbox', '--transport', 'stdio'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), MCP_XDR_CONFIG: '' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const client = new Client({ name: 'desktop-like', version: '1.0.0' }, { capabilities: {} });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult;
    try {
      await expect.poll(() => LINK.test(stderr), { timeout: 30_000 }).toBe(true);
      const [, consoleUrl, link] = LINK.exec(stderr) as unknown as [string, string, string];

      const found = await call('find_devices', { namePrefix: 'laptop' });
      const device = {
        id: (found.structuredContent as { devices: { machineId: string }[] }).devices[0]?.machineId as string,
      };
      const args = { machineId: device.id, comment: 'newcomer test' };
      const preview = await call('isolate_device', args);
      expect(preview.isError, JSON.stringify(preview.content)).toBeFalsy();
      const token = (preview.structuredContent as { confirmation: { token: string } }).confirmation.token;
      const pending = await call('isolate_device', { ...args, confirmationToken: token });
      const approval = (pending.structuredContent as { approval: { id: string; consoleUrl: string } })
        .approval;
      expect(approval.consoleUrl).toBe(consoleUrl);
      // The assistant never sees a way to sign in.
      expect(JSON.stringify(pending)).not.toContain('once=');

      const signIn = await fetch(link, { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const again = await fetch(link, { redirect: 'manual' });
      expect(again.headers.get('location')).toContain('notice=link_used');
      const page = await (await fetch(consoleUrl, { headers: { cookie } })).text();
      expect(page).toContain(approval.id);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] as string;
      const decided = await fetch(`${consoleUrl}/decide`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, id: approval.id, decision: 'approve', reason: 'ok' }).toString(),
        redirect: 'manual',
      });
      expect(decided.headers.get('location')).toContain('notice=approved');
      // A fresh link for this request was printed too.
      expect(stderr).toContain(`waits for approval (${approval.id}); one-time login link:`);

      const run = await call('isolate_device', { ...args, approvalId: approval.id });
      expect(run.isError, JSON.stringify(run.content)).toBeFalsy();
      const replay = await call('isolate_device', { ...args, approvalId: approval.id });
      expect(replay.isError).toBe(true);
      const actions = await call('get_device_actions', { machineId: device.id });
      const isolations = (actions.structuredContent as { actions: { type: string }[] }).actions.filter(
        (a) => a.type === 'Isolate',
      );
      expect(isolations).toHaveLength(1);
    } finally {
      await client.close();
    }
  }, 120_000);
});
