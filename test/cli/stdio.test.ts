import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { built, CLI } from './run-cli.js';
import { stdioSession } from './stdio-session.js';

const CONFIG = built('test/fixtures/stdio.config.js');

const call = (name: string, extra: Record<string, unknown> = {}) => ({
  method: 'tools/call',
  params: { name, arguments: {}, ...extra },
});

describe('mcp-xdr serve over stdio', () => {
  it('writes only JSON-RPC to stdout, even when the config prints and tools log and fail', async () => {
    const session = await stdioSession(CONFIG, [
      { method: 'logging/setLevel', params: { level: 'debug' } },
      call('test_tool_with_logging'),
      call('test_tool_with_progress', { _meta: { progressToken: 'p1' } }),
      call('test_error_handling'),
      call('no_such_tool'),
      { method: 'tools/list' },
    ]);

    expect(session.code).toBe(0);
    // All six requests plus initialize were answered.
    expect([...session.responses.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const line of session.stdoutLines) {
      const message = JSON.parse(line) as Record<string, unknown>;
      expect(message.jsonrpc, line).toBe('2.0');
    }
    const methods = session.stdoutLines.map((line) => (JSON.parse(line) as { method?: string }).method);
    expect(methods.filter((m) => m === 'notifications/message')).toHaveLength(3);
    expect(methods.filter((m) => m === 'notifications/progress')).toHaveLength(3);
    // The stray console output went to stderr, along with the operational and audit logs.
    expect(session.stderr).toContain('stray console.log from the config file');
    expect(session.stderr).toContain('stray console.info from the config file');
    expect(session.stderr).toContain('stray console.debug from the config file');
    expect(session.stderr).toContain('stray process.stdout.write from the config file');
    expect(session.stderr).toContain('"tool":"test_error_handling"');
  });

  it('answers tools/list with the enabled tools and ends when stdin ends', async () => {
    const session = await stdioSession(CONFIG, [{ method: 'tools/list' }]);
    expect(session.code).toBe(0);
    const result = session.responses.get(1)?.result as { tools: { name: string }[] };
    expect(result.tools.map((tool) => tool.name)).toContain('test_simple_text');
  });

  it('stops cleanly (exit 0) on SIGTERM while the client is still connected', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--config', CONFIG], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } })}\n`,
    );
    await once(child.stdout, 'data');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
