import { describe, expect, it } from 'vitest';
import { IDENTITY_FIXTURES } from '../../../src/emulator/data/identity-fixtures.js';
import { createWorld, type World } from '../../../src/emulator/data/world.js';
import type { Row } from '../../../src/emulator/kql/table.js';

const clock = { now: () => Date.parse('2026-11-21T08:00:00Z') };

/** Everything a client can read from a world (hunting: the first rows of every table). */
function snapshot(world: World): string {
  return JSON.stringify(
    world.tenants.map((t) => ({
      ...t,
      machineActions: t.machineActions.list(),
      hunting: t.hunting.tables().map((table) => firstRows(table.rows(), 300)),
    })),
  );
}

function firstRows(rows: Iterable<Row>, n: number): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    if (out.length >= n) break;
    out.push(row);
  }
  return out;
}

describe('createWorld', () => {
  it('seeds contoso and fabrikam by default with ids derived from the seed', () => {
    const a = createWorld({ seed: 7, clock });
    const c = createWorld({ seed: 8, clock });
    expect(a.tenants.map((t) => t.key)).toEqual(['contoso', 'fabrikam']);
    expect(a.tenants[0]?.tenantId).not.toBe(c.tenants[0]?.tenantId);
    expect(a.tenants[0]?.tenantId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.tenants[0]?.domain).toBe('contoso.onmicrosoft.com');
    expect(a.tenant('contoso')).toBe(a.tenants[0]);
    expect(a.tenant(a.tenants[1]?.tenantId.toUpperCase() ?? '')).toBe(a.tenants[1]);
    expect(a.tenant('nope')).toBeUndefined();
  });

  it('produces identical data from the same seed and different data from another seed', () => {
    const a = snapshot(createWorld({ seed: 7, clock }));
    expect(snapshot(createWorld({ seed: 7, clock }))).toBe(a);
    expect(snapshot(createWorld({ seed: 8, clock }))).not.toBe(a);
  });

  it('regenerates the same hunting row on every iteration (rows are a function of seed and index)', () => {
    const table = createWorld({ seed: 3, clock }).tenants[0]?.hunting.table('DeviceNetworkEvents');
    expect(table).toBeDefined();
    const once = firstRows(table?.rows() ?? [], 2000);
    const twice = firstRows(table?.rows() ?? [], 2000);
    expect(twice).toEqual(once);
    expect(new Set(once.map((r) => JSON.stringify(r))).size).toBe(once.length);
  });

  it('has the promised sizes: tens of devices, ~100 users, ~30 incidents, ~100 alerts, tens of thousands of rows', () => {
    for (const t of createWorld({ seed: 1, clock }).tenants) {
      expect(t.machines.length).toBeGreaterThanOrEqual(20);
      // 100 generated users plus the named identity fixtures that live in Entra ID.
      expect(t.users.length).toBe(
        100 + IDENTITY_FIXTURES.filter((f) => f.providers.includes('entraID')).length,
      );
      expect(t.incidents.length).toBe(30);
      expect(t.alerts.length).toBeGreaterThanOrEqual(80);
      const rows = t.hunting.tables().reduce((sum, table) => sum + (table.size ?? 0), 0);
      expect(rows).toBeGreaterThan(20_000);
      expect(new Set(t.machines.map((m) => m.id)).size).toBe(t.machines.length);
      expect(t.machines.every((m) => /^[0-9a-f]{40}$/.test(m.id))).toBe(true);
      expect(t.users.every((u) => u.userPrincipalName.endsWith(`@${t.domain}`))).toBe(true);
    }
  });

  it('keeps every record inside hunting’s default 30-day window, or scheduled later in the anchor’s day', () => {
    const world = createWorld({ seed: 5, clock });
    const from = clock.now() - 30 * 86_400_000;
    // Recurring activity continues through the anchor's day (the engine shows none of it before its time).
    const dayEnd = world.anchor + 86_400_000;
    const outside: string[] = [];
    for (const t of world.tenants) {
      for (const table of t.hunting.tables()) {
        // State tables (DeviceTvm*, OAuthAppInfo...) have no Timestamp in Microsoft's schema.
        if (!table.columns.some((c) => c.name === 'Timestamp')) continue;
        for (const row of table.rows()) {
          const ts = row.Timestamp as number;
          if (!(ts > from && ts < dayEnd)) outside.push(`${table.name} ${ts}`);
        }
      }
      const times = [...t.incidents, ...t.alerts].map((r) => Date.parse(r.createdDateTime));
      outside.push(...times.filter((ts) => !(ts > from && ts <= clock.now())).map(String));
    }
    expect(outside).toEqual([]);
  });

  it('refuses a bad scale and a bad tenant key', () => {
    expect(() => createWorld({ seed: 1, clock, scale: 0 })).toThrow(/scale/);
    expect(() => createWorld({ seed: 1, clock, tenants: ['Bad Key'] })).toThrow(/tenant key/);
  });
});
