import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, justAfter, timeKey } from '../../../src/plugins/incidents/cursor.js';

const scope = { list: 'incidents', tenant: 'contoso', filters: { severity: 'high', status: undefined } };

describe('paging cursors', () => {
  it('round-trip a position for the same list, tenant and filters (filter order does not matter)', () => {
    const position = { before: '2026-11-15T05:03:57.3411111Z', seen: ['3683', '3682'] };
    const cursor = encodeCursor(scope, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { ...scope, filters: { status: undefined, severity: 'high' } })).toEqual(
      position,
    );
  });

  it('are refused for another list, tenant or filter set, and when tampered with', () => {
    const cursor = encodeCursor(scope, { before: '2026-11-15T05:03:57.3411111Z', seen: [] });
    for (const other of [
      { ...scope, list: 'alerts' },
      { ...scope, tenant: 'fabrikam' },
      { ...scope, filters: { severity: 'low' } },
    ]) {
      expect(() => decodeCursor(cursor, other)).toThrow(
        expect.objectContaining({ code: 'validation_error' }),
      );
    }
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const tampered = (change: Record<string, unknown>) =>
      Buffer.from(JSON.stringify({ ...state, ...change })).toString('base64url');
    for (const change of [
      { b: "2026-01-01' or 1 eq 1" },
      { u: 'https://evil.example/' },
      { s: 'x' },
      { v: 2 },
    ]) {
      expect(() => decodeCursor(tampered(change), scope)).toThrow(
        expect.objectContaining({ code: 'validation_error' }),
      );
    }
    expect(() => decodeCursor('bm90IGpzb24', scope)).toThrow(
      expect.objectContaining({ code: 'validation_error' }),
    );
  });

  it('compare creation times at Graph precision, whatever the offset or number of digits', () => {
    expect(timeKey('2026-11-15T05:03:57.3411111Z')).toBe('2026-11-15T05:03:57.3411111Z');
    expect(timeKey('2026-11-15T05:03:57Z')).toBe('2026-11-15T05:03:57.0000000Z');
    expect(timeKey('2026-11-15T07:03:57.34+02:00')).toBe('2026-11-15T05:03:57.3400000Z');
    expect(timeKey('yesterday')).toBeUndefined();
    expect(justAfter('2026-11-15T05:03:57.3411111Z').toISOString()).toBe('2026-11-15T05:03:57.342Z');
  });
});
