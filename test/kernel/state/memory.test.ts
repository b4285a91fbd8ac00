import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { FakeClock } from '../../helpers/fake-clock.js';

describe('MemoryStateStore', () => {
  it('sets a key only once until it expires', async () => {
    const clock = new FakeClock();
    const store = new MemoryStateStore({ clock });
    expect(await store.setIfAbsent('nonce', 'a', 1000)).toBe(true);
    expect(await store.setIfAbsent('nonce', 'b', 1000)).toBe(false);
    expect(await store.get('nonce')).toBe('a');
    clock.advance(1000);
    expect(await store.get('nonce')).toBeUndefined();
    expect(await store.setIfAbsent('nonce', 'c', 1000)).toBe(true);
  });

  it('lets exactly one of many concurrent setIfAbsent calls win', async () => {
    const store = new MemoryStateStore();
    const wins = await Promise.all(Array.from({ length: 50 }, () => store.setIfAbsent('k', 'v', 1000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('counts within a window whose ttl later increments do not extend', async () => {
    const clock = new FakeClock();
    const store = new MemoryStateStore({ clock });
    expect(await store.increment('c', 1, 60_000)).toEqual({ value: 1, ttlMs: 60_000 });
    clock.advance(20_000);
    expect(await store.increment('c', 2, 60_000)).toEqual({ value: 3, ttlMs: 40_000 });
    clock.advance(40_000);
    expect(await store.increment('c', 1, 60_000)).toEqual({ value: 1, ttlMs: 60_000 });
  });

  it('deletes keys', async () => {
    const store = new MemoryStateStore();
    await store.setIfAbsent('k', 'v', 1000);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('sweeps expired entries so it does not grow without limit', async () => {
    const clock = new FakeClock();
    const store = new MemoryStateStore({ clock, sweepEvery: 100 });
    for (let i = 0; i < 10_000; i += 1) {
      await store.setIfAbsent(`nonce-${i}`, 'x', 10);
      clock.advance(1);
    }
    // Only entries younger than 10 ms can be alive, plus at most one sweep interval of stragglers.
    expect(store.size).toBeLessThanOrEqual(10);
  });

  it('refuses new entries when full of live ones instead of evicting them', async () => {
    const store = new MemoryStateStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await store.setIfAbsent(key, 'x', 60_000);
    await expect(store.setIfAbsent('d', 'x', 60_000)).rejects.toThrow(/full/);
    expect(await store.get('a')).toBe('x');
  });

  it('refuses use after close and non-positive ttls', async () => {
    const store = new MemoryStateStore();
    await expect(store.increment('k', 1, 0)).rejects.toThrow(RangeError);
    await store.close();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});
