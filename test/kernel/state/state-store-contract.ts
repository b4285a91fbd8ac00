import { afterEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../../src/kernel/state/store.js';

/** A store under test and a way to let time pass for it (a fake clock, or real waiting). */
export interface StoreUnderTest {
  store: StateStore;
  advance(ms: number): Promise<void>;
}

/**
 * The behaviour every StateStore must have, whatever holds the state. The in-memory store runs it
 * with a fake clock; a Redis store can run it with real (short) waits.
 */
export function describeStateStoreContract(name: string, create: () => Promise<StoreUnderTest>): void {
  describe(`${name}: StateStore contract`, () => {
    const open: StateStore[] = [];
    const make = async () => {
      const made = await create();
      open.push(made.store);
      return made;
    };
    afterEach(async () => {
      for (const store of open.splice(0)) await store.close().catch(() => undefined);
    });

    it('sets a key only once until it expires', async () => {
      const { store, advance } = await make();
      expect(await store.setIfAbsent('nonce', 'a', 100)).toBe(true);
      expect(await store.setIfAbsent('nonce', 'b', 100)).toBe(false);
      expect(await store.get('nonce')).toBe('a');
      await advance(150);
      expect(await store.get('nonce')).toBeUndefined();
      expect(await store.setIfAbsent('nonce', 'c', 100)).toBe(true);
    });

    it('lets exactly one of many concurrent setIfAbsent calls win', async () => {
      const { store } = await make();
      const wins = await Promise.all(Array.from({ length: 50 }, () => store.setIfAbsent('k', 'v', 1000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('counts every one of many concurrent increments', async () => {
      const { store } = await make();
      const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('c', 1, 10_000)));
      expect(results.map((r) => r.value).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });

    it('keeps the window fixed: later increments do not extend the ttl', async () => {
      const { store, advance } = await make();
      expect(await store.increment('c', 1, 200)).toEqual({ value: 1, ttlMs: 200 });
      await advance(100);
      const second = await store.increment('c', 2, 200);
      expect(second.value).toBe(3);
      expect(second.ttlMs).toBeLessThanOrEqual(100);
      await advance(150);
      expect((await store.increment('c', 1, 200)).value).toBe(1);
    });

    it('deletes keys', async () => {
      const { store } = await make();
      await store.setIfAbsent('k', 'v', 1000);
      await store.delete('k');
      expect(await store.get('k')).toBeUndefined();
      await store.delete('never-set');
    });

    it('overwrites with set and gives the new value its own ttl', async () => {
      const { store, advance } = await make();
      await store.set('k', 'a', 100);
      await store.set('k', 'b', 300);
      expect(await store.get('k')).toBe('b');
      await advance(150);
      expect(await store.get('k')).toBe('b');
      await advance(200);
      expect(await store.get('k')).toBeUndefined();
    });

    it('changes a value with compareAndSet only while it still holds the expected one', async () => {
      const { store } = await make();
      expect(await store.compareAndSet('missing', 'a', 'b')).toBe(false);
      expect(await store.get('missing')).toBeUndefined();
      await store.set('k', 'pending', 1000);
      expect(await store.compareAndSet('k', 'other', 'approved')).toBe(false);
      expect(await store.get('k')).toBe('pending');
      expect(await store.compareAndSet('k', 'pending', 'approved')).toBe(true);
      expect(await store.get('k')).toBe('approved');
    });

    it('lets exactly one of many concurrent compareAndSet calls win', async () => {
      const { store } = await make();
      await store.set('k', 'pending', 10_000);
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.compareAndSet('k', 'pending', `decided-${i}`)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await store.get('k')).toBe(`decided-${wins.indexOf(true)}`);
    });

    it('keeps the ttl on compareAndSet unless a new one is given', async () => {
      const { store, advance } = await make();
      await store.set('keep', 'a', 200);
      await store.set('renew', 'a', 200);
      expect(await store.compareAndSet('keep', 'a', 'b')).toBe(true);
      expect(await store.compareAndSet('renew', 'a', 'b', 1000)).toBe(true);
      await advance(300);
      expect(await store.get('keep')).toBeUndefined();
      expect(await store.get('renew')).toBe('b');
    });

    it('lists live entries under a prefix, up to a limit', async () => {
      const { store, advance } = await make();
      await store.set('approval:1', 'one', 1000);
      await store.set('approval:2', 'two', 1000);
      await store.set('approval:3', 'short', 100);
      await store.set('other:1', 'x', 1000);
      await advance(150);
      const listed = await store.list('approval:', 10);
      expect(listed.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
        { key: 'approval:1', value: 'one' },
        { key: 'approval:2', value: 'two' },
      ]);
      expect(await store.list('approval:', 1)).toHaveLength(1);
      expect(await store.list('none:', 10)).toEqual([]);
    });
  });
}
