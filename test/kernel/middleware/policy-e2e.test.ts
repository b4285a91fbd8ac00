import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import type { Kernel } from '../../../src/kernel/kernel.js';
import { type Connected, connect, fixtureKernel } from '../../helpers/kernel-client.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-policy-e2e-');

type Answer = { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, boolean> };

const text = (result: CallToolResult) =>
  result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
const errorCode = (result: CallToolResult) =>
  (result._meta?.['mcp-xdr/error'] as { code?: string } | undefined)?.code;

describe('the policy chain through a real SDK client', () => {
  let kernel: Kernel;
  let auditFile: string;
  const sessions: Connected[] = [];

  beforeEach(async () => {
    auditFile = join(tempDir(), 'audit.jsonl');
    kernel = await fixtureKernel({
      plugins: { './plugins/notes': true },
      policy: { maxTier: 'destructive', approval: { timeoutSeconds: 5 } },
      audit: { stderr: false, file: auditFile },
    });
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    await kernel.close();
  });

  /** A client; with `answer` it declares form elicitation and answers every form with it. */
  async function client(options: { answer?: Answer; principal?: string } = {}) {
    const session = await connect(kernel, {
      capabilities: options.answer === undefined ? {} : { elicitation: { form: {} } },
      session: options.principal === undefined ? {} : { principal: { id: options.principal, kind: 'http' } },
    });
    sessions.push(session);
    const forms: string[] = [];
    if (options.answer !== undefined) {
      const answer = options.answer;
      session.client.setRequestHandler(ElicitRequestSchema, async (request) => {
        forms.push(request.params.message);
        return answer;
      });
    }
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await session.client.callTool({ name, arguments: args })) as CallToolResult;
    const noteCount = async () =>
      ((await call('list_notes')).structuredContent as { notes: unknown[] }).notes.length;
    const preview = async (name: string, args: Record<string, unknown> = {}) => {
      const result = await call(name, args);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ phase: 'preview' });
      return (result.structuredContent as { confirmation: { token: string } }).confirmation.token;
    };
    return { call, noteCount, preview, forms };
  }

  async function addNote(session: Awaited<ReturnType<typeof client>>, note: string) {
    const token = await session.preview('add_note', { text: note });
    const result = await session.call('add_note', { text: note, confirmationToken: token });
    expect(result.structuredContent).toMatchObject({ phase: 'executed', result: { id: expect.any(Number) } });
  }

  it('previews a write without changing anything, then executes it with the token', async () => {
    const alice = await client();
    const previewed = await alice.call('add_note', { text: 'contain host-7' });
    expect(text(previewed)).toContain('nothing has changed yet');
    expect(await alice.noteCount()).toBe(0);
    const token = (previewed.structuredContent as { confirmation: { token: string } }).confirmation.token;
    const executed = await alice.call('add_note', { text: 'contain host-7', confirmationToken: token });
    expect(executed.structuredContent).toEqual({ phase: 'executed', result: { id: 1 } });
    expect(await alice.noteCount()).toBe(1);
  });

  it('refuses a replayed token, a token for other arguments and a token of another principal', async () => {
    const alice = await client({ principal: 'alice' });
    const token = await alice.preview('add_note', { text: 'one' });
    await alice.call('add_note', { text: 'one', confirmationToken: token });

    const replay = await alice.call('add_note', { text: 'one', confirmationToken: token });
    expect([replay.isError, errorCode(replay)]).toEqual([true, 'confirmation_required']);
    expect(text(replay)).toContain('already been used');

    const other = await alice.preview('add_note', { text: 'two' });
    const swapped = await alice.call('add_note', { text: 'three', confirmationToken: other });
    expect(text(swapped)).toContain('arguments differ');

    const bob = await client({ principal: 'bob' });
    const stolen = await bob.call('add_note', { text: 'two', confirmationToken: other });
    expect(text(stolen)).toContain('issued to someone else');
    expect(await alice.noteCount()).toBe(1);
  });

  it('runs a destructive tool when the person approves the form that shows what will happen', async () => {
    const approver = await client({ answer: { action: 'accept', content: { approve: true } } });
    await addNote(approver, 'a');
    await addNote(approver, 'b');
    const token = await approver.preview('delete_all_notes');
    const result = await approver.call('delete_all_notes', { confirmationToken: token });
    expect(result.structuredContent).toEqual({ phase: 'executed', result: { deleted: 2 } });
    expect(approver.forms).toHaveLength(1);
    expect(approver.forms[0]).toContain('Delete all 2 notes.');
    expect(await approver.noteCount()).toBe(0);
  });

  it('does not run a destructive tool the person declines', async () => {
    const decliner = await client({ answer: { action: 'decline' } });
    await addNote(decliner, 'keep me');
    const token = await decliner.preview('delete_all_notes');
    const result = await decliner.call('delete_all_notes', { confirmationToken: token });
    expect([result.isError, errorCode(result)]).toEqual([true, 'approval_denied']);
    expect(await decliner.noteCount()).toBe(1);
  });

  it('sends a destructive call of a client that cannot elicit to the approval console (auto mode)', async () => {
    const plain = await client();
    await addNote(plain, 'keep me');
    const token = await plain.preview('delete_all_notes');
    const result = await plain.call('delete_all_notes', { confirmationToken: token });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ phase: 'approval_pending' });
    expect(text(result)).toContain('approval console');
    expect(await plain.noteCount()).toBe(1);
  });

  it('leaves an intact audit chain with intent and outcome records for the writes', async () => {
    const alice = await client();
    await addNote(alice, 'audited');
    expect(await verifyAuditFile(auditFile)).toMatchObject({ ok: true, records: 4 });
    const records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => [r.kind, r.outcome ?? null])).toEqual([
      ['intent', null],
      ['outcome', 'preview'],
      ['intent', null],
      ['outcome', 'ok'],
    ]);
    expect(records[3]).toMatchObject({
      tool: 'add_note',
      tier: 'write',
      phase: 'executed',
      argsValidated: true,
    });
  });
});

describe('rate limits and audit outages through a real SDK client', () => {
  it('refuses the call over the limit with the seconds to wait', async () => {
    const kernel = await fixtureKernel({
      plugins: { './plugins/notes': true },
      policy: { rateLimits: { tools: { list_notes: { perMinute: 1 } } } },
      audit: { stderr: false },
    });
    const session = await connect(kernel);
    try {
      const first = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
      const second = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
      expect(first.isError).toBeFalsy();
      expect(second.isError).toBe(true);
      expect(second._meta?.['mcp-xdr/error']).toMatchObject({ code: 'rate_limited', retryAfter: 60 });
    } finally {
      await session.close();
      await kernel.close();
    }
  });

  it('refuses writes but serves reads when the audit file is gone', async () => {
    const auditFile = join(tempDir(), 'gone.jsonl');
    const kernel = await fixtureKernel({
      plugins: { './plugins/notes': true },
      policy: { maxTier: 'write' },
      audit: { stderr: false, file: auditFile },
    });
    const session = await connect(kernel);
    try {
      rmSync(auditFile);
      const write = (await session.client.callTool({
        name: 'add_note',
        arguments: { text: 'x' },
      })) as CallToolResult;
      expect(errorCode(write)).toBe('audit_unavailable');
      const read = (await session.client.callTool({ name: 'list_notes', arguments: {} })) as CallToolResult;
      expect(read.isError).toBeFalsy();
    } finally {
      await session.close();
      await kernel.close();
    }
  });
});
