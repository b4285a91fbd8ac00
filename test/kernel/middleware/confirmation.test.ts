import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { PolicyConfig } from '../../../src/kernel/config/schema.js';
import { ConfigError, type ToolError } from '../../../src/kernel/errors.js';
import { confirmationMiddleware } from '../../../src/kernel/middleware/confirmation.js';
import { writeEnvelope } from '../../../src/kernel/preview.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import type { ElicitResponse, ToolMiddleware } from '../../../src/kernel/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  type FakeCallOptions,
  fakeCall,
  rejection,
  samplePreview,
  spyNext,
} from '../../helpers/fake-tool-call.js';

const SECRET_ENV = 'MCP_XDR_TEST_CONFIRMATION_SECRET';

function policy(
  overrides: Partial<PolicyConfig['approval']> = {},
): Parameters<typeof confirmationMiddleware>[0]['policy'] {
  return {
    timeouts: { defaultMs: 1000, tools: {} },
    confirmation: { ttlSeconds: 300, secretEnv: SECRET_ENV },
    approval: { timeoutSeconds: 120, dangerouslySkipHumanApproval: false, ...overrides },
  };
}

const writeTool = { name: 'set_incident_status', tier: 'write' as const };
const destructiveTool = { name: 'isolate_device', title: 'Isolate device', tier: 'destructive' as const };
const args = { incidentId: '42', status: 'resolved' };

/** Previews a call and returns the token it handed back. */
async function previewToken(middleware: ToolMiddleware, options: FakeCallOptions): Promise<string> {
  const result = await middleware(fakeCall(options), spyNext());
  return (result.structuredContent as { confirmation: { token: string } }).confirmation.token;
}

describe('confirmation middleware: tokens', () => {
  let clock: FakeClock;
  let middleware: ToolMiddleware;

  beforeEach(() => {
    process.env[SECRET_ENV] = 'a-test-secret-that-is-long-enough-0123456789';
    clock = new FakeClock();
    middleware = confirmationMiddleware({
      policy: policy(),
      store: new MemoryStateStore({ clock }),
      clock,
      warn() {},
    });
  });
  afterEach(() => {
    delete process.env[SECRET_ENV];
  });

  async function refusalReason(options: FakeCallOptions): Promise<unknown> {
    const next = spyNext();
    const error = (await rejection(middleware(fakeCall(options), next))) as ToolError;
    expect(error.code).toBe('confirmation_required');
    expect(error.message).toContain('Nothing was changed');
    expect(error.hint).toContain('fresh preview');
    expect(next.calls).toBe(0);
    return error.details?.reason;
  }

  it('lets read tools through untouched', async () => {
    const next = spyNext();
    const call = fakeCall({ args });
    await middleware(call, next);
    expect([next.calls, call.previews]).toEqual([1, 0]);
  });

  it('previews a write call without a token and changes nothing', async () => {
    const next = spyNext();
    const call = fakeCall({ tool: writeTool, args });
    const result = await middleware(call, next);
    expect(next.calls).toBe(0);
    expect(call.notes.phase).toBe('preview');
    const envelope = writeEnvelope(z.object({})).parse(result.structuredContent);
    expect(envelope).toMatchObject({ phase: 'preview', preview: samplePreview });
    expect(Date.parse(envelope.confirmation?.expiresAt ?? '')).toBe(clock.now() + 300_000);
    const text = (result.content[0] as { text: string }).text;
    expect(text).toContain('nothing has changed yet');
    expect(text).toContain(envelope.confirmation?.token);
  });

  it('executes with the token from the preview, even with keys in another order', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args });
    const next = spyNext();
    const call = fakeCall({
      tool: writeTool,
      args: { status: 'resolved', incidentId: '42' },
      confirmationToken: token,
    });
    await middleware(call, next);
    expect([next.calls, call.notes.phase]).toEqual([1, 'executed']);
  });

  it('refuses a replayed token', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args });
    await middleware(fakeCall({ tool: writeTool, args, confirmationToken: token }), spyNext());
    expect(await refusalReason({ tool: writeTool, args, confirmationToken: token })).toBe('replayed');
  });

  it('refuses a token for other arguments and leaves it unspent', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args });
    const swapped = { ...args, incidentId: '43' };
    expect(await refusalReason({ tool: writeTool, args: swapped, confirmationToken: token })).toBe(
      'arguments_changed',
    );
    const next = spyNext();
    await middleware(fakeCall({ tool: writeTool, args, confirmationToken: token }), next);
    expect(next.calls).toBe(1);
  });

  it('refuses a token for another tool, principal or tenant', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args, tenant: 'contoso' });
    const base = { tool: writeTool, args, tenant: 'contoso', confirmationToken: token };
    expect(await refusalReason({ ...base, tool: { ...writeTool, name: 'add_comment' } })).toBe('other_tool');
    expect(await refusalReason({ ...base, principal: { id: 'mallory', kind: 'http' } })).toBe(
      'other_principal',
    );
    expect(await refusalReason({ ...base, tenant: 'fabrikam' })).toBe('other_tenant');
    expect(await refusalReason({ ...base, tenant: undefined })).toBe('other_tenant');
  });

  it('refuses an expired token', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args });
    clock.advance(300_000);
    expect(await refusalReason({ tool: writeTool, args, confirmationToken: token })).toBe('expired');
  });

  it('refuses a tampered signature, a tampered payload and garbage', async () => {
    const token = await previewToken(middleware, { tool: writeTool, args });
    const [body, signature] = token.split('.') as [string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await refusalReason({ tool: writeTool, args, confirmationToken: `${body}.${flipped}` })).toBe(
      'bad_signature',
    );
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 3_600_000 })).toString(
      'base64url',
    );
    expect(await refusalReason({ tool: writeTool, args, confirmationToken: `${forged}.${signature}` })).toBe(
      'bad_signature',
    );
    expect(await refusalReason({ tool: writeTool, args, confirmationToken: `${body}.${signature}!` })).toBe(
      'bad_signature',
    );
    for (const garbage of ['', 'abc', 'a.b.c', `${body}.`, `${'x'.repeat(5000)}.${signature}`]) {
      expect(await refusalReason({ tool: writeTool, args, confirmationToken: garbage })).toMatch(
        /malformed|bad_signature/,
      );
    }
  });

  it('gives the preview the tool deadline', async () => {
    const call = fakeCall({ tool: writeTool, args });
    call.preview = () => new Promise(() => {});
    const next = spyNext();
    const error = await rejection(middleware(call, next));
    expect(error.code).toBe('timeout');
    expect(next.calls).toBe(0);
  });

  it('does not execute when the nonce store cannot be reached', async () => {
    const store = new MemoryStateStore({ clock });
    const replica = confirmationMiddleware({ policy: policy(), store, clock, warn() {} });
    const token = await previewToken(replica, { tool: writeTool, args });
    await store.close();
    const next = spyNext();
    await expect(
      replica(fakeCall({ tool: writeTool, args, confirmationToken: token }), next),
    ).rejects.toThrow();
    expect(next.calls).toBe(0);
  });

  it('accepts a token on another replica that shares the secret and the store', async () => {
    const store = new MemoryStateStore({ clock });
    const replica = () => confirmationMiddleware({ policy: policy(), store, clock, warn() {} });
    const token = await previewToken(replica(), { tool: writeTool, args });
    const next = spyNext();
    await replica()(fakeCall({ tool: writeTool, args, confirmationToken: token }), next);
    expect(next.calls).toBe(1);
    await rejection(replica()(fakeCall({ tool: writeTool, args, confirmationToken: token }), next));
  });

  it('refuses a secret too short to be a key', () => {
    process.env[SECRET_ENV] = 'short';
    expect(() =>
      confirmationMiddleware({ policy: policy(), store: new MemoryStateStore(), clock, warn() {} }),
    ).toThrow(ConfigError);
  });
});

describe('confirmation middleware: per-process key', () => {
  it('warns once that replicas will not share tokens, and still signs', async () => {
    vi.resetModules();
    const { confirmationMiddleware: fresh } = await import('../../../src/kernel/middleware/confirmation.js');
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    const clock = new FakeClock();
    const store = new MemoryStateStore({ clock });
    const first = fresh({ policy: policy(), store, clock, warn });
    fresh({ policy: policy(), store, clock, warn });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('replicas');
    const token = await previewToken(first, { tool: writeTool, args });
    const next = spyNext();
    await first(fakeCall({ tool: writeTool, args, confirmationToken: token }), next);
    expect(next.calls).toBe(1);
  });
});

describe('confirmation middleware: human approval of destructive tools', () => {
  beforeEach(() => {
    process.env[SECRET_ENV] = 'a-test-secret-that-is-long-enough-0123456789';
  });
  afterEach(() => {
    delete process.env[SECRET_ENV];
  });

  async function confirmDestructive(
    options: FakeCallOptions,
    approval: Partial<PolicyConfig['approval']> = {},
  ) {
    const clock = new FakeClock();
    const middleware = confirmationMiddleware({
      policy: policy(approval),
      store: new MemoryStateStore({ clock }),
      clock,
      warn() {},
    });
    const token = await previewToken(middleware, { tool: destructiveTool, args });
    const call = fakeCall({ tool: destructiveTool, args, confirmationToken: token, ...options });
    const next = spyNext();
    const outcome = await middleware(call, next).then(
      () => undefined,
      (error: ToolError) => error,
    );
    return { call, next, error: outcome };
  }

  const answer = (response: ElicitResponse) => async () => response;

  it('runs when the human accepts and ticks approve, after showing exactly what will happen', async () => {
    const { call, next, error } = await confirmDestructive({
      elicit: answer({ action: 'accept', content: { approve: true } }),
    });
    expect(error).toBeUndefined();
    expect(next.calls).toBe(1);
    expect(call.notes.approval).toBe('approved');
    const [form] = (call.ctx as unknown as { elicitations: { message: string; requestedSchema: object }[] })
      .elicitations;
    expect(form?.message).toContain(samplePreview.summary);
    expect(form?.message).toContain('incident 42 status from "active" to "resolved"');
    expect(form?.requestedSchema).toMatchObject({ properties: { approve: { type: 'boolean' } } });
  });

  it.each([
    ['decline', { action: 'decline' } as ElicitResponse, 'approval_denied'],
    [
      'accept without approve',
      { action: 'accept', content: { approve: false } } as ElicitResponse,
      'approval_denied',
    ],
    ['cancel', { action: 'cancel' } as ElicitResponse, 'approval_required'],
  ])('does not run on %s', async (_label, response, code) => {
    const { next, error } = await confirmDestructive({ elicit: answer(response) });
    expect(error?.code).toBe(code);
    expect(error?.message).toContain('Nothing was done');
    expect(next.calls).toBe(0);
  });

  it('does not run when nobody answers in time', async () => {
    const { next, error } = await confirmDestructive(
      { elicit: () => new Promise<ElicitResponse>(() => {}) },
      { timeoutSeconds: 0.05 },
    );
    expect(error?.code).toBe('approval_required');
    expect(error?.message).toContain('within 0.05 s');
    expect(next.calls).toBe(0);
  });

  it('does not run when the client cannot elicit, and says what to do', async () => {
    const { call, next, error } = await confirmDestructive({ canElicit: false });
    expect(error?.code).toBe('approval_required');
    expect(error?.message).toContain('elicitation');
    expect(error?.hint).toContain('client that supports form elicitation');
    expect(next.calls).toBe(0);
    expect((call.ctx as unknown as { elicitations: unknown[] }).elicitations).toHaveLength(0);
  });

  it('does not run when the elicitation request fails', async () => {
    const { next, error } = await confirmDestructive({
      elicit: async () => {
        throw new Error('transport closed');
      },
    });
    expect(error?.code).toBe('approval_required');
    expect(next.calls).toBe(0);
  });

  it('stops waiting when the caller cancels', async () => {
    const controller = new AbortController();
    const { next, error } = await confirmDestructive({
      signal: controller.signal,
      elicit: () => {
        setTimeout(() => controller.abort(), 10);
        return new Promise<ElicitResponse>(() => {});
      },
    });
    expect(error?.code).toBe('cancelled');
    expect(next.calls).toBe(0);
  });

  it('skips only the human step under the lab opt-out', async () => {
    const { call, next, error } = await confirmDestructive(
      { canElicit: false },
      { dangerouslySkipHumanApproval: true },
    );
    expect(error).toBeUndefined();
    expect(next.calls).toBe(1);
    expect(call.notes.approval).toContain('skipped');
  });

  it('still needs the token under the lab opt-out', async () => {
    const clock = new FakeClock();
    const middleware = confirmationMiddleware({
      policy: policy({ dangerouslySkipHumanApproval: true }),
      store: new MemoryStateStore({ clock }),
      clock,
      warn() {},
    });
    const next = spyNext();
    const result = await middleware(fakeCall({ tool: destructiveTool, args }), next);
    expect(next.calls).toBe(0);
    expect(result.structuredContent).toMatchObject({ phase: 'preview' });
  });
});
