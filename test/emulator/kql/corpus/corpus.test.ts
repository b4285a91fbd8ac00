import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../../src/emulator/data/world.js';
import { KqlEngine } from '../../../../src/emulator/kql/engine.js';
import type { HuntingDatabase, Row } from '../../../../src/emulator/kql/table.js';
import { fromTables, table } from '../../../helpers/hunting-tables.js';
import { ALERT_CASES } from './alert-cases.js';
import { DEVICE_CASES } from './device-cases.js';
import { EMAIL_CASES } from './email-cases.js';
import { IDENTITY_CASES } from './identity-cases.js';
import { NETWORK_CASES } from './network-cases.js';
import { PROCESS_CASES } from './process-cases.js';
import { type CorpusCase, canonical, DAY, NOW_FOR_CASES } from './support.js';

/**
 * Real-world hunting queries over the emulator's seeded world, each checked against an
 * expectation computed here in plain TypeScript over the same rows.
 */
const NOW = Date.parse('2026-11-21T09:30:00Z');
NOW_FOR_CASES.value = NOW;
const windowStart = NOW - 30 * DAY;

interface Dataset {
  db: HuntingDatabase;
  rowsOf(name: string): Row[];
}

/** One tenant of a seeded world, each table read once (the world generates rows on every scan). */
function dataset(hostile: boolean): Dataset {
  const world = createWorld({ seed: 20_260_326, clock: { now: () => NOW }, scale: 0.3, hostile });
  const tenant = world.tenants[0];
  if (!tenant) throw new Error('the world has no tenant');
  const db = fromTables(tenant.hunting.tables().map((t) => table(t.name, t.columns, [...t.rows()])));
  const cache = new Map<string, Row[]>();
  return {
    db,
    rowsOf(name) {
      let rows = cache.get(name);
      if (!rows) {
        const t = db.table(name);
        if (!t) throw new Error(`no table ${name}`);
        const timed = t.columns.some((c) => c.name === 'Timestamp');
        rows = [...t.rows()].filter(
          (r) =>
            !timed || (typeof r.Timestamp === 'number' && r.Timestamp >= windowStart && r.Timestamp <= NOW),
        );
        cache.set(name, rows);
      }
      return rows;
    },
  };
}

const engine = new KqlEngine();
const CASES: CorpusCase[] = [
  ...PROCESS_CASES,
  ...DEVICE_CASES,
  ...NETWORK_CASES,
  ...IDENTITY_CASES,
  ...EMAIL_CASES,
  ...ALERT_CASES,
];

describe.each([
  ['the seeded world', false],
  ['the hostile world (prompt injection, control and bidi characters, long strings)', true],
])('hunting query corpus over %s', (_label, hostile) => {
  const data = dataset(hostile);

  it('has at least 60 distinct queries', () => {
    expect(new Set(CASES.map((c) => c.query)).size).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected = c.expected((name) => data.rowsOf(name));
    if (!c.allowEmpty) expect(expected.length).toBeGreaterThan(0);
    const { results } = await engine.run(data.db, c.query, { now: NOW });
    if (c.ordered) expect(results).toEqual(expected);
    else expect(canonical(results)).toEqual(canonical(expected));
  });
});
