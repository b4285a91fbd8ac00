import { type AddressInfo, createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { startHttpChild } from '../../scripts/serve-child.js';
import { built, CLI, runCli } from './run-cli.js';

const CONFIG = built('test/fixtures/stdio.config.js');

describe('mcp-xdr serve --transport http', () => {
  it('serves a real SDK client on loopback and stops cleanly on SIGTERM', async () => {
    const server = await startHttpChild(CLI, CONFIG);
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
      const client = new Client({ name: 'test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      const result = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(result.structuredContent).toEqual({ text: 'This is a simple text response for testing.' });
      await client.close();
      const health = await fetch(new URL('/healthz', server.url));
      expect(health.status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(server.child.exitCode).toBe(0);
  });

  it.each([
    ['0.0.0.0', /loopback/],
    ['::', /loopback/],
  ])('refuses to listen on %s with exit 2 and a clear message', async (host, message) => {
    const result = await runCli([
      'serve',
      '--transport',
      'http',
      '--host',
      host,
      '--port',
      '0',
      '--config',
      CONFIG,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('server.http.host');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 (a runtime failure, not a usage error) when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runCli([
        'serve',
        '--transport',
        'http',
        '--port',
        String(port),
        '--config',
        CONFIG,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it.each([
    [['--port', '70000']],
    [['--port', 'eighty']],
    [['--port', '']],
    [['--port', '0x50']],
    [['--transport', 'carrier-pigeon']],
  ])('exits 2 for serve %j', async (args) => {
    const result = await runCli(['serve', ...args, '--config', CONFIG]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
