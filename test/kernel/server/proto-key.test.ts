import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../src/kernel/kernel.js';
import type { RunningHttpServer } from '../../../src/kernel/transports/http.js';
import { fixtureKernel, serveOverHttp } from '../../helpers/kernel-client.js';

/**
 * `{"__proto__": {...}}` sent by a real client over JSON (Streamable HTTP): the SDK's copy of the
 * arguments turns that key into a prototype, so it used to vanish without a word. It is an unknown
 * key like any other and is refused as one.
 */
const errorOf = (result: CallToolResult) => result._meta?.['mcp-xdr/error'] as { code?: string } | undefined;
const textOf = (result: CallToolResult) =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

describe('a __proto__ key in tool arguments', () => {
  let kernel: Kernel;
  let http: RunningHttpServer;
  let client: Client;
  const call = async (name: string, json: string) =>
    (await client.callTool({ name, arguments: JSON.parse(json) })) as CallToolResult;

  beforeAll(async () => {
    kernel = await fixtureKernel({ plugins: { './plugins/notes': true }, policy: { maxTier: 'write' } });
    http = await serveOverHttp(kernel);
    client = new Client({ name: 'proto-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(http.url));
  });
  afterAll(async () => {
    await client?.close();
    await http?.close();
    await kernel?.close();
  });

  it('is refused as an unknown field at the top level', async () => {
    const result = await call('list_notes', '{"__proto__": {"limit": 1}}');
    expect(errorOf(result)?.code).toBe('validation_error');
    expect(textOf(result)).toContain('__proto__: unknown field');
  });

  it('is refused beside a confirmation token too (write tools split the arguments)', async () => {
    const result = await call(
      'add_note',
      '{"text": "hi", "confirmationToken": "x", "__proto__": {"tags": ["a"]}}',
    );
    expect(errorOf(result)?.code).toBe('validation_error');
    expect(textOf(result)).toContain('__proto__: unknown field');
  });

  it('leaves ordinary arguments alone', async () => {
    const result = await call('list_notes', '{"limit": 1}');
    expect(result.isError).toBeFalsy();
  });
});
