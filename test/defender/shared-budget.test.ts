import { describe, expect, it } from 'vitest';
import { RateBudgets } from '../../src/defender/budget.js';
import { MemoryStateStore } from '../../src/kernel/state/memory.js';
import { RedisStateStore } from '../../src/kernel/state/redis.js';
import { freePort } from '../fixtures/replicas/redis-server.js';

/** Every take, settled: how many got a unit, and the refusals. */
async function takeMany(budgets: RateBudgets[], count: number, bucket = 'hunting', api = '') {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      (budgets[i % budgets.length] as RateBudgets).take('t', bucket, api),
    ),
  );
  return {
    taken: results.filter((r) => r.status === 'fulfilled').length,
    refused: results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])),
  };
}

describe('RateBudgets shared through a StateStore (several replicas)', () => {
  it('three replicas together take at most 45 hunting calls a minute', async () => {
    let now = 1_000_000;
    const store = new MemoryStateStore({ clock: { now: () => now } });
    const replicas = [0, 1, 2].map(() => new RateBudgets(undefined, () => now, store));
    const first = await takeMany(replicas, 60);
    expect(first.taken).toBe(45);
    expect(first.refused[0]).toMatchObject({ code: 'rate_limited' });
    expect(first.refused[0].retryAfter).toBeGreaterThan(0);
    expect(first.refused[0].retryAfter).toBeLessThanOrEqual(70);
    // Never more than 45 in any sliding minute: half a minute later nothing has freed.
    now += 30_000;
    expect((await takeMany(replicas, 5)).taken).toBe(0);
    // Once the counted span has passed, the budget is whole again.
    now += 41_000;
    expect((await takeMany(replicas, 50)).taken).toBe(45);
  });

  it('MDE budgets are per API; the package URI budget is 2 a minute', async () => {
    const now = 5_000_000;
    const store = new MemoryStateStore({ clock: { now: () => now } });
    const replicas = [0, 1].map(() => new RateBudgets(undefined, () => now, store));
    expect((await takeMany(replicas, 110, 'mde', 'machines')).taken).toBe(100);
    expect((await takeMany(replicas, 3, 'mde', 'isolate')).taken).toBe(3);
    expect((await takeMany(replicas, 4, 'mde-package')).taken).toBe(2);
  });

  it('a take refused by the hour rule gives back the minute unit it took', async () => {
    const now = 0;
    const store = new MemoryStateStore({ clock: { now: () => now } });
    const rules = {
      x: [
        { limit: 5, windowMs: 60_000 },
        { limit: 1, windowMs: 3_600_000 },
      ],
    };
    const b = new RateBudgets(rules, () => now, store);
    await b.take('t', 'x');
    for (let i = 0; i < 3; i += 1)
      await expect(b.take('t', 'x')).rejects.toMatchObject({ code: 'rate_limited' });
    const minute = await store.list('budget:t:x::60000:', 10);
    expect(minute.map((entry) => Number(entry.value)).reduce((a, c) => a + c, 0)).toBe(1);
  });

  it('a read waits for a slot that frees within maxWaitMs and says so each second; a write does not wait', async () => {
    const store = new MemoryStateStore();
    const rules = { x: [{ limit: 1, windowMs: 1200 }] };
    const b = new RateBudgets(rules, Date.now, store);
    await b.take('t', 'x');
    const told: number[] = [];
    await expect(b.take('t', 'x', '', { maxWaitMs: 0 })).rejects.toMatchObject({ code: 'rate_limited' });
    const started = Date.now();
    await b.take('t', 'x', '', { maxWaitMs: 5000, onWait: (s) => void told.push(s) });
    expect(Date.now() - started).toBeGreaterThan(200);
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]).toBeLessThanOrEqual(2);
    // Not past the caller's deadline.
    await expect(b.take('t', 'x', '', { maxWaitMs: 5000, deadline: Date.now() + 50 })).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });

  it('counts in this process while the shared store is unreachable', async () => {
    const store = new RedisStateStore({
      url: `redis://127.0.0.1:${await freePort()}`,
      commandTimeoutMs: 200,
    });
    try {
      await store.connect(100);
      const b = new RateBudgets({ x: [{ limit: 2, windowMs: 60_000 }] }, Date.now, store);
      expect((await takeMany([b], 4, 'x')).taken).toBe(2);
    } finally {
      await store.close();
    }
  });
});
