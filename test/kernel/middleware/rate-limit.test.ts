import { describe, expect, it } from 'vitest';
import type { PolicyConfig } from '../../../src/kernel/config/schema.js';
import type { ToolError } from '../../../src/kernel/errors.js';
import { rateLimitMiddleware } from '../../../src/kernel/middleware/rate-limit.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
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
});
