import { describe, expect, it } from 'vitest';
import { timeoutMiddleware } from '../../../src/kernel/middleware/timeout.js';
import type { ToolContext } from '../../../src/kernel/types.js';
import { fakeCall, fakeContext, rejection, textResult } from '../../helpers/fake-tool-call.js';

const never = () => new Promise<never>(() => {});

function policy(defaultMs: number, tools: Record<string, number> = {}) {
  return { timeouts: { defaultMs, tools } };
}

describe('timeout middleware', () => {
  it('stops a tool that ignores its signal at the deadline, and aborts the signal it was given', async () => {
    const call = fakeCall();
    let seen: AbortSignal | undefined;
    const error = await rejection(
      timeoutMiddleware(policy(30))(call, () => {
        seen = call.ctx.signal;
        return never();
      }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('within 30 ms');
    expect(seen?.aborted).toBe(true);
    expect((seen?.reason as { code?: string } | undefined)?.code).toBe('timeout');
  });

  it('gives a tool that first reads its signal after the deadline an already aborted one', async () => {
    const call = fakeCall();
    const ctx = { current: call.ctx };
    const error = await rejection(
      timeoutMiddleware(policy(20))(call, () => {
        ctx.current = call.ctx; // kept, as a tool keeps its context; the signal is not read yet
        return never();
      }),
    );
    expect(error.code).toBe('timeout');
    const late = ctx.current.signal;
    expect(late.aborted).toBe(true);
    expect(late.reason).toBe(error);
    expect(ctx.current.signal).toBe(late);
  });

  it('tells write tools to check the state before retrying', async () => {
    const error = await rejection(
      timeoutMiddleware(policy(10))(fakeCall({ tool: { tier: 'write' } }), never),
    );
    expect(error.message).toContain('check the current state');
  });

  it('takes the config override over the tool default over the deployment default', async () => {
    const deadlineOf = async (tools: Record<string, number>, timeoutMs?: number) => {
      const error = await rejection(
        timeoutMiddleware(policy(35, tools))(fakeCall({ tool: { timeoutMs } }), never),
      );
      return Number(/within (\d+) ms/.exec(error.message)?.[1]);
    };
    expect(await deadlineOf({ list_things: 15 }, 25)).toBe(15);
    expect(await deadlineOf({ other_tool: 15 }, 25)).toBe(25);
    expect(await deadlineOf({})).toBe(35);
  });

  it('ends with cancelled when the caller cancels, and passes the abort to the tool', async () => {
    const controller = new AbortController();
    const call = fakeCall({ signal: controller.signal });
    let toolSignal: AbortSignal | undefined;
    const pending = timeoutMiddleware(policy(60_000))(call, () => {
      toolSignal = call.ctx.signal;
      setTimeout(() => controller.abort(), 5);
      return never();
    });
    const error = await rejection(pending);
    expect(error.code).toBe('cancelled');
    expect(toolSignal?.aborted).toBe(true);
  });

  it('ends with cancelled when the caller cancels in the same turn the call started', async () => {
    const controller = new AbortController();
    const call = fakeCall({ signal: controller.signal });
    const pending = timeoutMiddleware(policy(60_000))(call, never);
    controller.abort(); // before the middleware watches the signal: it must still notice
    expect((await rejection(pending)).code).toBe('cancelled');
  });

  it('ends with timeout when the deadline passed during a synchronous stretch of the tool', async () => {
    const pending = timeoutMiddleware(policy(5))(fakeCall(), () => {
      const until = performance.now() + 20;
      while (performance.now() < until); // busy, as CPU-bound work is
      return never();
    });
    expect((await rejection(pending)).code).toBe('timeout');
  });

  it('refuses to start when the caller already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const error = await rejection(
      timeoutMiddleware(policy(1000))(fakeCall({ signal: controller.signal }), async () => {
        ran = true;
        return textResult('x');
      }),
    );
    expect([error.code, ran]).toEqual(['cancelled', false]);
  });

  it('returns a timely result and keeps the rest of the context working', async () => {
    const original = fakeContext({ tenant: 'contoso', elicit: async () => ({ action: 'decline' }) });
    const call = fakeCall({ ctx: original });
    const result = await timeoutMiddleware(policy(1000))(call, async () => {
      const ctx: ToolContext = call.ctx;
      expect(ctx).not.toBe(original);
      expect([ctx.tenant, ctx.principal.id, ctx.canElicit]).toEqual(['contoso', 'alice', true]);
      expect(await ctx.elicit({ message: 'm', requestedSchema: { type: 'object', properties: {} } })).toEqual(
        {
          action: 'decline',
        },
      );
      return textResult('fine');
    });
    expect(result.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(original.elicitations).toHaveLength(1);
    expect(call.ctx).toBe(original);
  });

  it('watches each of many calls started in one turn: the stuck one times out, the others answer', async () => {
    const step = timeoutMiddleware(policy(40));
    const controller = new AbortController();
    const quick = Array.from({ length: 20 }, (_, i) => step(fakeCall(), async () => textResult(`q${i}`)));
    const slower = step(
      fakeCall(),
      () => new Promise((resolve) => setTimeout(() => resolve(textResult('s')), 5)),
    );
    const stuck = rejection(step(fakeCall(), never));
    const cancelledLater = rejection(step(fakeCall({ signal: controller.signal }), never));
    setTimeout(() => controller.abort(), 10);
    expect((await Promise.all(quick)).map((r) => r.content[0])).toHaveLength(20);
    expect((await slower).content).toEqual([{ type: 'text', text: 's' }]);
    expect((await cancelledLater).code).toBe('cancelled');
    expect((await stuck).code).toBe('timeout');
  });
});
