import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/emulator/data/world.js';

describe('scale', () => {
  it('iterates a million rows without holding them', () => {
    const world = createWorld({
      seed: 2,
      clock: { now: () => Date.parse('2026-11-21T08:00:00Z') },
      tenants: ['contoso'],
      scale: 100,
    });
    const table = world.tenants[0]?.hunting.table('DeviceProcessEvents');
    expect(table?.size).toBeGreaterThanOrEqual(1_000_000);
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let peak = before;
    let last = 0;
    for (const row of table?.rows() ?? []) {
      count++;
      last = row.Timestamp as number;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(table?.size);
    expect(last).toBeGreaterThan(0);
    // Loose on purpose: A million rows of ~80 columns held in memory would need well over a gigabyte.
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
  });
});
