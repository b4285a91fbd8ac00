import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKernel, type Kernel } from '../../../src/kernel/index.js';

const PLUGIN = '../../fixtures/plugins/watchlist';

describe('the watchlist plugin', () => {
  let kernel: Kernel;
  let client: Client;

  beforeEach(async () => {
    kernel = await createKernel({
      config: {
        plugins: { [PLUGIN]: { options: { capacity: 1 } } },
        policy: { maxTier: 'write' },
        audit: { stderr: false },
        logLevel: 'silent',
      },
      configDir: import.meta.dirname,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await kernel.createServer().connect(serverSide);
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
  });
  afterEach(async () => {
    await client.close();
    await kernel.close();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('lists both tools, with annotations from their tiers', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => [t.name, t.annotations?.readOnlyHint])).toEqual([
      ['list_watchlist', true],
      ['add_to_watchlist', false],
    ]);
  });

  it('adds an indicator only after the preview is confirmed', async () => {
    const args = { indicator: 'evil.example', reason: 'phishing kit' };
    const preview = await call('add_to_watchlist', args);
    expect(preview.structuredContent).toMatchObject({ phase: 'preview' });
    expect((await call('list_watchlist', {})).structuredContent).toEqual({ entries: [] });

    const { token } = (preview.structuredContent as { confirmation: { token: string } }).confirmation;
    const done = await call('add_to_watchlist', { ...args, confirmationToken: token });
    expect(done.structuredContent).toEqual({ phase: 'executed', result: { size: 1 } });
    expect((await call('list_watchlist', {})).structuredContent).toEqual({ entries: [args] });
  });

  it('rejects unknown arguments and reports a full list as a tool error', async () => {
    const bad = await call('list_watchlist', { contains: 'x', limit: 5 });
    expect(bad.isError).toBe(true);
    expect(bad._meta?.['mcp-xdr/error']).toMatchObject({ code: 'validation_error' });

    const add = async (indicator: string) => {
      const preview = await call('add_to_watchlist', { indicator, reason: 'test' });
      const { token } = (preview.structuredContent as { confirmation: { token: string } }).confirmation;
      return call('add_to_watchlist', { indicator, reason: 'test', confirmationToken: token });
    };
    expect((await add('a.example')).isError).toBeFalsy();
    expect((await add('b.example'))._meta?.['mcp-xdr/error']).toMatchObject({ code: 'forbidden' });
  });
});
