import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionRefused } from '../../../src/kernel/approvals/pending-approvals.js';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import type { Kernel } from '../../../src/kernel/kernel.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { type Connected, connect, fixtureKernel } from '../../helpers/kernel-client.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-approvals-');

const errorOf = (r: CallToolResult) => (r._meta?.['mcp-xdr/error'] ?? {}) as { code?: string };
/** The error code and whether the text says `why`. */
const refused = (r: CallToolResult, why: string) => [
  errorOf(r).code,
  r.content.some((c) => c.type === 'text' && c.text.includes(why)),
];
const PENDING = 'Nobody has approved it yet';
const pendingId = (r: CallToolResult) => {
  expect(r.structuredContent).toMatchObject({ phase: 'approval_pending' });
  return (r.structuredContent as { approval: { id: string } }).approval.id;
};

/**
 * Pending approvals through real SDK clients (without elicitation unless said) on the notes fixture:
 * the approval decision is taken through the kernel's own Approvals (the console calls the same).
 */
describe('approval console: pending approvals', () => {
  let kernel: Kernel;
  let clock: FakeClock;
  let auditFile: string;
  const sessions: Connected[] = [];

  async function start(approval: Record<string, unknown> = {}) {
    clock = new FakeClock(Date.now());
    auditFile = join(tempDir(), 'audit.jsonl');
    kernel = await fixtureKernel(
      {
        plugins: { './plugins/notes': true },
        policy: { maxTier: 'destructive', approval: { expirySeconds: 60, ...approval } },
        audit: { stderr: false, file: auditFile },
      },
      { clock, store: new MemoryStateStore({ clock }) },
    );
  }
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
    await kernel?.close();
  });

  async function client(principal: string, elicit?: 'approve') {
    const session = await connect(kernel, {
      capabilities: elicit === undefined ? {} : { elicitation: { form: {} } },
      session: { principal: { id: principal, kind: 'http' } },
    });
    sessions.push(session);
    if (elicit !== undefined) {
      session.client.setRequestHandler(ElicitRequestSchema, async () => ({
        action: 'accept',
        content: { approve: true },
      }));
    }
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      (await session.client.callTool({ name, arguments: args })) as CallToolResult;
    const confirmed = async (name: string, args: Record<string, unknown> = {}) => {
      const preview = await call(name, args);
      const token = (preview.structuredContent as { confirmation: { token: string } }).confirmation.token;
      return call(name, { ...args, confirmationToken: token });
    };
    const notes = async () =>
      ((await call('list_notes')).structuredContent as { notes: unknown[] }).notes.length;
    return { call, confirmed, notes };
  }

  /** A kernel with `approval` settings and alice's client, with one note to delete. */
  async function aliceWithANote(approval: Record<string, unknown> = {}, elicit?: 'approve') {
    await start(approval);
    const alice = await client('alice', elicit);
    await alice.confirmed('add_note', { text: 'keep' });
    return alice;
  }

  const decide = (id: string, by: string, decision: 'approve' | 'deny', reason = 'checked') =>
    kernel.approvals.pending.decide(id, { id: by }, decision, reason, () => true);
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof DecisionRefused ? error.reason : String(error)),
    );

  it('runs once after another person approves; the retry before approval and a replay are refused', async () => {
    const alice = await aliceWithANote();
    const pending = await alice.confirmed('delete_all_notes');
    const id = pendingId(pending);
    const early = await alice.call('delete_all_notes', { approvalId: id });
    expect(refused(early, PENDING)).toEqual(['approval_required', true]);
    expect(await alice.notes()).toBe(1);

    expect(await refusalOf(decide(id, 'alice', 'approve'))).toBe('self_approval');
    await decide(id, 'bob', 'approve');
    const run = await alice.call('delete_all_notes', { approvalId: id });
    expect(run.isError).toBeFalsy();
    expect(run.structuredContent).toMatchObject({ phase: 'executed', result: { deleted: 1 } });

    await alice.confirmed('add_note', { text: 'again' });
    const replay = await alice.call('delete_all_notes', { approvalId: id });
    expect(refused(replay, 'used already')).toEqual(['approval_required', true]);
    expect(await alice.notes()).toBe(1);

    const records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const events = records.filter((r) => r.kind === 'approval').map((r) => [r.event, r.actor]);
    expect(events).toEqual([
      ['requested', 'alice'],
      ['approved', 'bob'],
      ['executed', 'alice'],
    ]);
    expect(records.find((r) => r.kind === 'outcome' && r.outcome === 'pending')).toBeDefined();
    expect(await verifyAuditFile(auditFile)).toMatchObject({ ok: true });
  });

  it('refuses the approval to anyone but the requester, without spending it', async () => {
    await start();
    const alice = await client('alice');
    const mallory = await client('mallory');
    await alice.confirmed('add_note', { text: 'keep' });
    const id = pendingId(await alice.confirmed('delete_all_notes'));
    await decide(id, 'bob', 'approve');
    const stolen = await mallory.call('delete_all_notes', { approvalId: id });
    expect(refused(stolen, 'issued to someone else')).toEqual(['approval_required', true]);
    expect(await alice.notes()).toBe(1);
    expect((await alice.call('delete_all_notes', { approvalId: id })).isError).toBeFalsy();
    expect(await alice.notes()).toBe(0);
  });

  it('a denied request is refused with who and why', async () => {
    const alice = await aliceWithANote();
    const id = pendingId(await alice.confirmed('delete_all_notes'));
    expect(await refusalOf(decide(id, 'bob', 'deny', '   '))).toBe('reason_required');
    await decide(id, 'bob', 'deny', 'wrong tenant');
    expect(await refusalOf(decide(id, 'carol', 'approve'))).toBe('not_pending');
    const run = await alice.call('delete_all_notes', { approvalId: id });
    expect(errorOf(run).code).toBe('approval_denied');
    expect(run.content[0]).toMatchObject({ text: expect.stringContaining('wrong tenant') });
    expect(await alice.notes()).toBe(1);
  });

  it('an approval expires: neither decided nor used after its time, and the expiry is audited once', async () => {
    const alice = await aliceWithANote();
    const late = pendingId(await alice.confirmed('delete_all_notes'));
    const unused = pendingId(await alice.confirmed('delete_all_notes'));
    await decide(unused, 'bob', 'approve');
    clock.advance(61_000);
    expect(await refusalOf(decide(late, 'bob', 'approve'))).toBe('expired');
    const run = await alice.call('delete_all_notes', { approvalId: unused });
    expect(refused(run, 'expired')).toEqual(['approval_required', true]);
    await kernel.approvals.pending.list();
    expect(await alice.notes()).toBe(1);
    const records = readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const expired = records.filter((r) => r.kind === 'approval' && r.event === 'expired');
    expect(expired.map((r) => r.approvalId).sort()).toEqual([late, unused].sort());
  });

  it('two approvers: two different people, never the requester, and even for a client that can elicit', async () => {
    const alice = await aliceWithANote({ twoApprovers: ['delete_all_notes'] }, 'approve');
    const id = pendingId(await alice.confirmed('delete_all_notes'));
    await decide(id, 'bob', 'approve');
    expect(await refusalOf(decide(id, 'bob', 'approve'))).toBe('already_approved_by_you');
    const half = await alice.call('delete_all_notes', { approvalId: id });
    expect(refused(half, PENDING)).toEqual(['approval_required', true]);
    expect(await alice.notes()).toBe(1);
    // Two approvers racing for the last approval: exactly one record change wins each step.
    const outcomes = await Promise.all([
      decide(id, 'carol', 'approve'),
      refusalOf(decide(id, 'dave', 'approve')),
    ]);
    expect(outcomes[1]).toBe('not_pending');
    expect((await alice.call('delete_all_notes', { approvalId: id })).isError).toBeFalsy();
    expect(await alice.notes()).toBe(0);
  });

  it('mode elicitation refuses a client that cannot elicit instead of queueing it', async () => {
    await start({ mode: 'elicitation' });
    const alice = await client('alice');
    const run = await alice.confirmed('delete_all_notes');
    expect(errorOf(run).code).toBe('approval_required');
    expect(await kernel.approvals.pending.list()).toEqual([]);
  });

  it('mode console queues even a client that can elicit', async () => {
    await start({ mode: 'console' });
    const alice = await client('alice', 'approve');
    pendingId(await alice.confirmed('delete_all_notes'));
  });
});
