import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isToolError } from '../../../src/kernel/errors.js';
import { RedisStateStore } from '../../../src/kernel/state/redis.js';
import { RedisServer } from '../../fixtures/replicas/redis-server.js';
import { describeStateStoreContract } from './state-store-contract.js';

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start({ password: 'test-only-redis-password' });
}, 30_000);
afterAll(async () => {
  await redis?.close();
});

/** A store on the shared server, in a namespace of its own (keys never meet another test's). */
async function openStore(extra: Partial<ConstructorParameters<typeof RedisStateStore>[0]> = {}) {
  const store = new RedisStateStore({
    url: redis.url,
    password: redis.password,
    keyPrefix: `test:${randomUUID()}:`,
    ...extra,
  });
  expect(await store.connect()).toBe(true);
  return store;
}

describeStateStoreContract('RedisStateStore', async () => ({
  store: await openStore(),
  advance: (ms) => sleep(ms),
}));

describe('RedisStateStore', () => {
  it('shares state between two clients, as two replicas would', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const [a, b] = [await openStore({ keyPrefix }), await openStore({ keyPrefix })];
    try {
      expect(await a.setIfAbsent('token', 'spent', 10_000)).toBe(true);
      expect(await b.setIfAbsent('token', 'again', 10_000)).toBe(false);
      const counts = await Promise.all([
        ...Array.from({ length: 20 }, () => a.increment('c', 1, 10_000)),
        ...Array.from({ length: 20 }, () => b.increment('c', 1, 10_000)),
      ]);
      expect(Math.max(...counts.map((c) => c.value))).toBe(40);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lists keys whose prefix holds glob characters literally', async () => {
    const store = await openStore();
    try {
      await store.set('a*[b]:1', 'x', 1000);
      await store.set('a-other:1', 'y', 1000);
      expect(await store.list('a*[b]:', 10)).toEqual([{ key: 'a*[b]:1', value: 'x' }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a wrong password without naming it, and fails calls as unavailable', async () => {
    const store = new RedisStateStore({ url: redis.url, password: 'wrong', keyPrefix: 'x:' });
    try {
      expect(await store.connect(1000)).toBe(false);
      const error = await store.get('k').catch((e: unknown) => e);
      expect(isToolError(error) && error.code).toBe('unavailable');
      expect(String((error as Error).message)).not.toContain('wrong');
    } finally {
      await store.close();
    }
  });

  it('fails fast while Redis is down and recovers on its own when it is back', async () => {
    const own = await RedisServer.start();
    const statuses: string[] = [];
    const store = new RedisStateStore({ url: own.url, onStatus: (status) => statuses.push(status) });
    try {
      expect(await store.connect()).toBe(true);
      await store.set('k', 'v', 60_000);
      await own.stop();
      const started = Date.now();
      const error = await store.get('k').catch((e: unknown) => e);
      expect(isToolError(error) && error.code).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(3000);
      // A command can time out before the closed socket is noticed (a busy machine): soon, not at once.
      await vi.waitFor(() => expect(store.connected).toBe(false), { timeout: 5000, interval: 50 });
      await own.start();
      expect(await store.connect(10_000)).toBe(true);
      // A new server without persistence: the key is gone, but the store works again.
      expect(await store.get('k')).toBeUndefined();
      expect(await store.setIfAbsent('k', 'w', 1000)).toBe(true);
      expect(statuses).toEqual(['up', 'down', 'up']);
    } finally {
      await store.close();
      await own.close();
    }
  }, 30_000);
});
