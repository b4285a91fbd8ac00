import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../src/kernel/kernel.js';
import type { RunningHttpServer } from '../../src/kernel/transports/http.js';
import { cancelled } from '../fixtures/plugins/probe/index.js';
import { connect, fixtureKernel, serveOverHttp } from '../helpers/kernel-client.js';
import { useTempDir } from '../helpers/temp-dir.js';

/**
 * A client that goes away mid-call (its HTTP connection closes) must not leave the call running:
 * the tool's signal aborts, and the audit records the call as cancelled, not ok.
 */
const tempDir = useTempDir('mcp-xdr-disconnect-');
let kernel: Kernel | undefined;
let http: RunningHttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await kernel?.close();
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a client that disconnects over HTTP', () => {
  it('has its in-flight call aborted and audited as cancelled', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    kernel = await fixtureKernel({ plugins: { './plugins/probe': true }, audit: { stderr: false, file } });
    http = await serveOverHttp(kernel);
    const client = new Client({ name: 'leaves-early', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(http.url);
    await client.connect(transport);
    const before = cancelled.count;
    const call = client.callTool({ name: 'context_probe', arguments: { waitForCancel: true } });
    call.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Gone without a DELETE or a notifications/cancelled: the connection just closes.
    await transport.close();
    await until(() => cancelled.count > before);
    await until(() => readFileSync(file, 'utf8').includes('context_probe'));
    const record = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1) as string);
    expect(record).toMatchObject({ tool: 'context_probe', outcome: 'cancelled', errorCode: 'cancelled' });
  });

  it('a closed transport (stdin closed, session ended) cancels its calls the same way', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    kernel = await fixtureKernel({ plugins: { './plugins/probe': true }, audit: { stderr: false, file } });
    const session = await connect(kernel);
    const before = cancelled.count;
    const call = session.client.callTool({ name: 'context_probe', arguments: { waitForCancel: true } });
    call.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await session.close();
    await until(() => cancelled.count > before);
    await until(() => readFileSync(file, 'utf8').includes('context_probe'));
    const record = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1) as string);
    expect(record).toMatchObject({ tool: 'context_probe', outcome: 'cancelled' });
  });
});
