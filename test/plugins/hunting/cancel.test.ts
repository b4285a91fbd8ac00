import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';

/** Node's own HTTP server instrumentation: how the test sees the emulator's side of the connection. */
const REQUEST_START = 'http.server.request.start';

interface ServerRequest {
  request: IncomingMessage;
  response: ServerResponse;
}

/** Resolves when a hunting request reaches the emulator, then when its response closes (finished or not). */
function watchHunting(): { started: Promise<void>; closed: Promise<{ finished: boolean }>; stop(): void } {
  let onStart: () => void = () => undefined;
  let onClose: (v: { finished: boolean }) => void = () => undefined;
  const started = new Promise<void>((r) => {
    onStart = r;
  });
  const closed = new Promise<{ finished: boolean }>((r) => {
    onClose = r;
  });
  const listener = (message: unknown) => {
    const { request, response } = message as ServerRequest;
    if (!request.url?.toLowerCase().includes('runhuntingquery')) return;
    onStart();
    response.on('close', () => onClose({ finished: response.writableFinished }));
  };
  subscribe(REQUEST_START, listener);
  return { started, closed, stop: () => unsubscribe(REQUEST_START, listener) };
}

describe('a cancelled hunt', () => {
  let xdr: XdrHarness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-hunt-'));
    xdr = await startXdr({
      plugins: { hunting: true },
      config: { audit: { stderr: false, file: join(dir, 'audit.jsonl') } },
    });
  });
  afterAll(async () => {
    await xdr?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('aborts the upstream request: the emulator sees the connection end before it answers', async () => {
    // The emulator would answer after 20 s; the test would time out long before if nothing aborted.
    xdr.emulator.control.faults.add({ kind: 'latency', ms: 20_000, path: '/v1.0/security/runHuntingQuery' });
    const watch = watchHunting();
    const controller = new AbortController();
    const call = xdr.client.callTool(
      { name: 'run_hunting_query', arguments: { query: 'DeviceInfo | take 1' } },
      undefined,
      { signal: controller.signal },
    );
    const outcome = call.then(
      () => 'answered',
      () => 'rejected',
    );
    await watch.started;
    controller.abort();
    expect(await outcome).toBe('rejected');
    expect(await watch.closed).toEqual({ finished: false });
    watch.stop();

    // The server recorded the call as cancelled (the audit log's outcome for the read).
    const record = await waitFor(() =>
      readFileSync(join(dir, 'audit.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { tool: string; errorCode?: string })
        .find((r) => r.tool === 'run_hunting_query'),
    );
    expect(record).toMatchObject({ tool: 'run_hunting_query', errorCode: 'cancelled' });
  }, 15_000);
});

async function waitFor<T>(read: () => T | undefined): Promise<T | undefined> {
  for (let i = 0; i < 100; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}
