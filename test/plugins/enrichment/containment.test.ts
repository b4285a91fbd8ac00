import { describe, expect, it } from 'vitest';
import { containmentOf } from '../../../src/defender/index.js';
import type { MachineAction } from '../../../src/defender/schemas/mde.js';

let n = 0;
/** An action `minutesAgo` old; ids are unique per call. */
function action(type: string, status: string, minutesAgo: number): MachineAction {
  const at = new Date(Date.UTC(2026, 10, 20, 12) - minutesAgo * 60_000).toISOString();
  return { id: `a${++n}`, type, status, creationDateTimeUtc: at, lastUpdateDateTimeUtc: at } as MachineAction;
}

describe('isolation and code restriction from machine actions', () => {
  it('the latest succeeded action decides; failed, timed-out and cancelled ones change nothing', () => {
    const isolate = action('Isolate', 'Succeeded', 60);
    const c = containmentOf(
      [
        action('Unisolate', 'Failed', 10),
        action('Unisolate', 'Cancelled', 20),
        action('Unisolate', 'TimeOut', 30),
        isolate,
        action('Unisolate', 'Succeeded', 120),
      ],
      true,
    );
    expect(c.isolated).toMatchObject({ active: true, decidedBy: isolate.id, pending: null });
    expect(c.codeExecutionRestricted).toMatchObject({ active: false, decidedBy: null });
  });

  it('a release after an isolation means not isolated; a newer pending action is shown as pending', () => {
    const pending = action('Isolate', 'InProgress', 1);
    const c = containmentOf(
      [action('Isolate', 'Succeeded', 90), action('Unisolate', 'Succeeded', 30), pending],
      true,
    );
    expect(c.isolated).toMatchObject({
      active: false,
      pending: { actionId: pending.id, status: 'InProgress' },
    });
  });

  it('order of the list does not matter; a pending action older than the deciding one is stale', () => {
    const c = containmentOf(
      [
        action('RestrictCodeExecution', 'Pending', 90),
        action('RestrictCodeExecution', 'Succeeded', 5),
      ].reverse(),
      true,
    );
    expect(c.codeExecutionRestricted).toMatchObject({ active: true, pending: null });
  });

  it('never contained in a whole history is false; in a cut history it is unknown (null)', () => {
    const scans = [action('RunAntiVirusScan', 'Succeeded', 5)];
    expect(containmentOf(scans, true).isolated.active).toBe(false);
    expect(containmentOf(scans, false).isolated.active).toBeNull();
    expect(containmentOf(scans, false).basis).toContain('older ones not read');
  });
});
