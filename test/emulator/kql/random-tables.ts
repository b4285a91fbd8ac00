import fc from 'fast-check';
import { KqlEngine } from '../../../src/emulator/kql/engine.js';
import type { Row } from '../../../src/emulator/kql/table.js';
import { fromTables, table } from '../../helpers/hunting-tables.js';

/** Random tables T(k: long or null, s: string, v: long) and U(k: long or null, w: string) for property tests. */
const engine = new KqlEngine();
export const RUNS = { numRuns: 40 };
export const key = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 5 });
export const uRow = fc.record({ k: key, w: fc.constantFrom('x', 'y', 'z') });

export async function query(data: { t: Row[]; u: Row[] }, kql: string): Promise<Row[]> {
  const db = fromTables([
    table(
      'T',
      [
        { name: 'k', type: 'long' },
        { name: 's', type: 'string' },
        { name: 'v', type: 'long' },
      ],
      data.t,
    ),
    table(
      'U',
      [
        { name: 'k', type: 'long' },
        { name: 'w', type: 'string' },
      ],
      data.u,
    ),
  ]);
  return (await engine.run(db, kql, { now: 0 })).results;
}
