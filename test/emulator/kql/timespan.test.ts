import { describe, expect, it } from 'vitest';
import { KqlError } from '../../../src/emulator/kql/table.js';
import { parseDuration, timeWindow } from '../../../src/emulator/kql/timespan.js';
import { NOW, rows } from './fixtures.js';

const DAY = 86_400_000;
const H = 3_600_000;

describe('Timespan request parameter', () => {
  it('parses ISO 8601 durations', () => {
    expect(parseDuration('P30D')).toBe(30 * DAY);
    expect(parseDuration('PT12H')).toBe(12 * H);
    expect(parseDuration('P1W')).toBe(7 * DAY);
    expect(parseDuration('P1DT2H30M')).toBe(DAY + 2.5 * H);
    expect(parseDuration('PT90S')).toBe(90_000);
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseDuration('30D')).toBeUndefined();
  });

  it('reads every documented form into a window', () => {
    const start = Date.parse('2024-03-01T00:00:00Z');
    const end = Date.parse('2024-03-10T00:00:00Z');
    expect(timeWindow(undefined, NOW)).toEqual({ start: NOW - 30 * DAY, end: NOW });
    expect(timeWindow('P2D', NOW)).toEqual({ start: NOW - 2 * DAY, end: NOW });
    expect(timeWindow('2024-03-01T00:00:00Z/2024-03-10T00:00:00Z', NOW)).toEqual({ start, end });
    expect(timeWindow('P3D/2024-03-10T00:00:00Z', NOW)).toEqual({ start: end - 3 * DAY, end });
    expect(timeWindow('2024-03-01T00:00:00Z/P3D', NOW)).toEqual({ start, end: start + 3 * DAY });
    expect(timeWindow('2024-03-01T00:00:00Z', NOW)).toEqual({ start, end: NOW });
  });

  it.each(['nonsense', 'P1D/P2D', '2024-03-10T00:00:00Z/2024-03-01T00:00:00Z', 'a/b/c'])(
    'rejects %j',
    (text) => {
      expect(() => timeWindow(text, NOW)).toThrow(KqlError);
    },
  );

  it('filters Timestamp: default 30 days drops older rows, a narrower window keeps only its rows', async () => {
    expect(await rows('DeviceProcessEvents | count')).toEqual([{ Count: 4 }]);
    expect(await rows('DeviceProcessEvents | count', { timespan: 'P60D' })).toEqual([{ Count: 5 }]);
    expect(await rows('DeviceProcessEvents | count', { timespan: 'PT2H30M' })).toEqual([{ Count: 2 }]);
    const from = new Date(NOW - 3.5 * H).toISOString();
    const to = new Date(NOW - 1.5 * H).toISOString();
    const inWindow = await rows('DeviceProcessEvents | project ProcessId | order by ProcessId asc', {
      timespan: `${from}/${to}`,
    });
    expect(inWindow).toEqual([{ ProcessId: 101 }, { ProcessId: 102 }]);
  });

  it('tables without Timestamp (datatable, print) are not filtered', async () => {
    expect(await rows('datatable(x:long)[1, 2] | count', { timespan: 'PT1S' })).toEqual([{ Count: 2 }]);
  });
});
