import { describe, expect, it } from 'vitest';
import type { PolicyConfig } from '../../../src/kernel/config/schema.js';
import type { ToolError } from '../../../src/kernel/errors.js';
import {
  LOCAL_LIMITS_META_KEY,
  LOCAL_LIMITS_NOTICE,
  rateLimitMiddleware,
} from '../../../src/kernel/middleware/rate-limit.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { RedisStateStore } from '../../../src/kernel/state/redis.js';
import { freePort } from '../../fixtures/replicas/redis-server.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { type FakeCallOptions, fakeCall, rejection, spyNext } from '../../helpers/fake-tool-call.js';

function setup(rateLimits: PolicyConfig['rateLimits']) {
  const clock = new FakeClock();
  const middleware = rateLimitMiddleware({ rateLimits }, new MemoryStateStore({ clock }));
  const next = spyNext();
  const call = (options: FakeCallOptions = {}) => middleware(fakeCall(options), next);
  return { clock, next, call };
}

describe('rate-limit middleware', () => {
  it('refuses the call past the per-minute limit with the seconds to wait', async () => {
    const { clock, next, call } = setup({ default: { perMinute: 2 }, tools: {} });
    await call();
    clock.advance(15_000);
    await call();
    const error = (await rejection(call())) as ToolError;
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(45);
    expect(error.message).toContain('2 calls per minute');
    expect(next.calls).toBe(2);
  });

  it('opens again when the window has passed', async () => {
    const { clock, next, call } = setup({ default: { perMinute: 1 }, tools: {} });
    await call();
    await rejection(call());
    clock.advance(60_000);
    await call();
    expect(next.calls).toBe(2);
  });

  it('keeps separate buckets per tool, per tenant and per principal', async () => {
    const { next, call } = setup({ default: { perMinute: 1 }, tools: {} });
    await call();
    await call({ tool: { name: 'other_tool' } });
    await call({ tenant: 'contoso' });
    await call({ principal: { id: 'bob', kind: 'http' } });
    expect(next.calls).toBe(4);
    await rejection(call({ tenant: 'contoso' }));
    await rejection(call({ principal: { id: 'bob', kind: 'http' } }));
  });

  it('does not let a principal id with separators collide with another bucket', async () => {
    const { next, call } = setup({ default: { perMinute: 1 }, tools: {} });
    await call({ tenant: 'a:b', principal: { id: 'c', kind: 'http' } });
    await call({ tenant: 'a', principal: { id: 'b:c', kind: 'http' } });
    expect(next.calls).toBe(2);
  });

  it('uses a per-tool override over the default', async () => {
    const { next, call } = setup({ default: { perMinute: 1 }, tools: { list_things: { perMinute: 3 } } });
    await call();
    await call();
    await call();
    await rejection(call());
    expect(next.calls).toBe(3);
  });

  it('enforces the hourly limit across minute windows', async () => {
    const { clock, next, call } = setup({ default: { perMinute: 10, perHour: 3 }, tools: {} });
    for (let i = 0; i < 3; i += 1) {
      await call();
      clock.advance(60_000);
    }
    const error = (await rejection(call())) as ToolError;
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('per hour');
    expect(error.retryAfter).toBe(3600 - 180);
    clock.advance(3600_000);
    await call();
    expect(next.calls).toBe(4);
  });

  it('fails closed when the store cannot be reached', async () => {
    const broken = new MemoryStateStore();
    await broken.close();
    const next = spyNext();
    const middleware = rateLimitMiddleware({ rateLimits: { default: { perMinute: 5 }, tools: {} } }, broken);
    await expect(middleware(fakeCall(), next)).rejects.toThrow(/closed/);
    expect(next.calls).toBe(0);
  });

  it("uses the tool's declared default rate unless the operator set one", async () => {
    const { next, call } = setup({ default: { perMinute: 100 }, tools: { other_tool: { perMinute: 3 } } });
    const declared = { rateLimit: { perMinute: 2 } };
    await call({ tool: declared });
    await call({ tool: declared });
    await rejection(call({ tool: declared }));
    const overridden = { name: 'other_tool', rateLimit: { perMinute: 1 } };
    for (let i = 0; i < 3; i += 1) await call({ tool: overridden });
    await rejection(call({ tool: overridden }));
    expect(next.calls).toBe(5);
  });

  describe('with the shared store (Redis) unreachable', () => {
    const unreachable = async () =>
      new RedisStateStore({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200 });

    it('counts a read on this replica and says so in the result', async () => {
      const store = await unreachable();
      try {
        const next = spyNext();
        const middleware = rateLimitMiddleware(
          { rateLimits: { default: { perMinute: 1 }, tools: {} } },
          store,
        );
        const result = await middleware(fakeCall(), next);
        expect(result._meta?.[LOCAL_LIMITS_META_KEY]).toBe('local');
        expect(result.content.at(-1)).toEqual({ type: 'text', text: LOCAL_LIMITS_NOTICE });
        // The local count still limits.
        expect((await rejection(middleware(fakeCall(), next))).code).toBe('rate_limited');
        expect(next.calls).toBe(1);
      } finally {
        await store.close();
      }
    });

    it('refuses a write with a clear unavailable error, before the tool runs', async () => {
      const store = await unreachable();
      try {
        const next = spyNext();
        const middleware = rateLimitMiddleware(
          { rateLimits: { default: { perMinute: 5 }, tools: {} } },
          store,
        );
        const error = await rejection(middleware(fakeCall({ tool: { tier: 'write' } }), next));
        expect(error.code).toBe('unavailable');
        expect(error.message).toMatch(
          /state store \(Redis\) is unreachable: write and destructive tools are refused/,
        );
        expect(next.calls).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
});
