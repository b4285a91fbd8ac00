import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { describeStateStoreContract } from './state-store-contract.js';

describeStateStoreContract('MemoryStateStore', async () => {
  const clock = new FakeClock();
  return {
    store: new MemoryStateStore({ clock }),
    advance: async (ms) => clock.advance(ms),
  };
});

describe('MemoryStateStore', () => {
  it('sweeps expired entries so it does not grow without limit', async () => {
    const clock = new FakeClock();
    const store = new MemoryStateStore({ clock, sweepEvery: 100 });
    for (let i = 0; i < 10_000; i += 1) {
      await store.setIfAbsent(`nonce-${i}`, 'x', 10);
      clock.advance(1);
    }
    // Only entries younger than 10 ms can be alive.
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
