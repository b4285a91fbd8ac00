import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { disposedNotes } from '../../fixtures/plugins/sessions/index.js';
import { type Connected, connect, fixtureKernel } from '../../helpers/kernel-client.js';

interface Report {
  principal: string;
  sessionId?: string;
  tool: number;
  notes: number;
  plugin: number;
  items: string[];
}

async function call(session: Connected, name: string, args: Record<string, unknown> = {}): Promise<Report> {
  const result = (await session.client.callTool({ name, arguments: args })) as CallToolResult;
  expect(result.isError).toBeFalsy();
  return result.structuredContent as unknown as Report;
}

describe('a child container per session', () => {
  it('gives each session its own tool instances and session-scoped services, sharing plugin-wide ones', async () => {
    const kernel = await fixtureKernel({ plugins: { './plugins/sessions': true } });
    const alice = await connect(kernel, {
      session: { principal: { id: 'alice', kind: 'http' }, sessionId: 's-a' },
    });
    const bob = await connect(kernel, {
      session: { principal: { id: 'bob', kind: 'http' }, sessionId: 's-b' },
    });
    try {
      const a1 = await call(alice, 'session_whoami');
      const b1 = await call(bob, 'session_whoami');
      // SESSION is the session's own: each tool instance knows whom it serves.
      expect([a1.principal, a1.sessionId]).toEqual(['alice', 's-a']);
      expect([b1.principal, b1.sessionId]).toEqual(['bob', 's-b']);
      // Different instances per session; the same instance for every call of one session.
      expect(a1.tool).not.toBe(b1.tool);
      expect((await call(alice, 'session_whoami')).tool).toBe(a1.tool);
      // A ContainerScoped registration resolves once per session; the plugin's own service once per kernel.
      expect(a1.notes).not.toBe(b1.notes);
      expect(a1.plugin).toBe(b1.plugin);

      // State kept in one session's scoped service is not seen by the other session.
      const remembered = await call(alice, 'session_remember', { note: 'alice only' });
      expect(remembered.notes).toBe(a1.notes);
      expect(remembered.items).toEqual(['alice only']);
      expect((await call(alice, 'session_whoami')).items).toEqual(['alice only']);
      expect((await call(bob, 'session_whoami')).items).toEqual([]);
    } finally {
      await alice.close();
      await bob.close();
      await kernel.close();
    }
  });

  it('gives a later session of the same principal fresh instances too', async () => {
    const kernel = await fixtureKernel({ plugins: { './plugins/sessions': true } });
    const first = await connect(kernel);
    const before = await call(first, 'session_remember', { note: 'from the first session' });
    await first.close();
    const second = await connect(kernel);
    try {
      const after = await call(second, 'session_whoami');
      expect(after.principal).toBe(before.principal);
      expect(after.tool).not.toBe(before.tool);
      expect(after.notes).not.toBe(before.notes);
      expect(after.items).toEqual([]);
    } finally {
      await second.close();
      await kernel.close();
    }
  });

  it("disposes a session's disposable services when that session ends, not the other's", async () => {
    const kernel = await fixtureKernel({ plugins: { './plugins/sessions': true } });
    const first = await connect(kernel);
    const second = await connect(kernel);
    try {
      const [a, b] = [await call(first, 'session_whoami'), await call(second, 'session_whoami')];
      await first.close();
      await vi.waitFor(() => expect(disposedNotes).toContain(a.notes));
      expect(disposedNotes).not.toContain(b.notes);
      expect((await call(second, 'session_whoami')).notes).toBe(b.notes);
      await second.close();
      await vi.waitFor(() => expect(disposedNotes).toContain(b.notes));
    } finally {
      await kernel.close();
    }
  });
});
