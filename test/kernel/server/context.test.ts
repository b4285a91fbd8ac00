import {
  type CallToolResult,
  ElicitRequestSchema,
  LoggingMessageNotificationSchema,
  type ServerNotification,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Kernel } from '../../../src/kernel/kernel.js';
import { cancelled } from '../../fixtures/plugins/probe/index.js';
import { type Connected, connect, fixtureKernel } from '../../helpers/kernel-client.js';

type Probe = {
  principal: string;
  sessionId?: string;
  requestId: string;
  tenant?: string;
  canElicit: boolean;
  answer?: string;
};

describe('the ToolContext a tool gets', () => {
  let kernel: Kernel;
  const sessions: Connected[] = [];

  beforeEach(async () => {
    kernel = await fixtureKernel({ plugins: { './plugins/probe': true } });
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    await kernel.close();
  });

  async function open(options: Parameters<typeof connect>[1] = {}) {
    const session = await connect(kernel, options);
    sessions.push(session);
    const logs: ServerNotification['params'][] = [];
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params));
    return { client: session.client, logs };
  }

  it('carries the session’s principal and id, the request id and the tenant argument', async () => {
    const { client } = await open({ session: { principal: { id: 'ana', kind: 'http' }, sessionId: 's-1' } });
    const result = (await client.callTool({
      name: 'context_probe',
      arguments: { tenant: 'contoso' },
    })) as CallToolResult;
    const probe = result.structuredContent as Probe;
    expect(probe).toMatchObject({ principal: 'ana', sessionId: 's-1', tenant: 'contoso', canElicit: false });
    expect(probe.requestId).not.toBe('');
  });

  it('defaults to the local principal', async () => {
    const { client } = await open();
    const result = (await client.callTool({ name: 'context_probe', arguments: {} })) as CallToolResult;
    expect((result.structuredContent as Probe).principal).toBe('local');
  });

  it('sends progress only when the client asked for it', async () => {
    const { client } = await open();
    const seen: number[] = [];
    await client.callTool({ name: 'context_probe', arguments: {} }, undefined, {
      onprogress: (progress) => void seen.push(progress.progress),
    });
    expect(seen).toEqual([1]);
    // Without onprogress the SDK sends no progressToken; progress() must not fail the call.
    const quiet = (await client.callTool({ name: 'context_probe', arguments: {} })) as CallToolResult;
    expect(quiet.isError).toBeFalsy();
  });

  it('logs to the client through notifications, honouring logging/setLevel', async () => {
    const { client, logs } = await open();
    await client.callTool({ name: 'context_probe', arguments: {} });
    expect(logs.map((l) => (l as { level: string }).level)).toEqual(['debug', 'warning']);
    logs.length = 0;
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'context_probe', arguments: {} });
    expect(logs).toEqual([
      { level: 'warning', logger: 'mcp-xdr', data: { message: 'a warning line', detail: 1 } },
    ]);
  });

  it('elicits through the client when it declared form elicitation', async () => {
    const { client } = await open({ capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      expect(request.params.message).toBe('Proceed?');
      return { action: 'accept', content: { ok: true } };
    });
    const result = (await client.callTool({
      name: 'context_probe',
      arguments: { ask: true },
    })) as CallToolResult;
    expect(result.structuredContent).toMatchObject({ canElicit: true, answer: 'accept:{"ok":true}' });
  });

  it('refuses to elicit when the client cannot, with approval_required', async () => {
    const { client } = await open();
    const result = (await client.callTool({
      name: 'context_probe',
      arguments: { ask: true },
    })) as CallToolResult;
    expect(result._meta?.['mcp-xdr/error']).toMatchObject({ code: 'approval_required' });
  });

  it('aborts the tool’s signal when the client cancels the call', async () => {
    const { client } = await open();
    const before = cancelled.count;
    const abort = new AbortController();
    const pending = client.callTool(
      { name: 'context_probe', arguments: { waitForCancel: true } },
      undefined,
      {
        signal: abort.signal,
      },
    );
    setTimeout(() => abort.abort('changed my mind'), 20);
    await expect(pending).rejects.toThrow();
    await vi.waitFor(() => expect(cancelled.count).toBe(before + 1));
  });
});
