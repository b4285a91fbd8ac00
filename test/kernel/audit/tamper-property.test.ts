import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/kernel/audit/log.js';
import { verifyAuditFile } from '../../../src/kernel/audit/verify.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir('mcp-xdr-tamper-');
const COUNT = 8;

type Tamper =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; from: number; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'edit'; at: number; value: number };

const index = fc.integer({ min: 0, max: COUNT - 1 });
const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  index.map((at) => ({ kind: 'delete' as const, at })),
  fc.tuple(index, index).map(([from, at]) => ({ kind: 'duplicate' as const, from, at })),
  fc.integer({ min: 0, max: COUNT - 2 }).map((at) => ({ kind: 'swap' as const, at })),
  fc
    .tuple(index, fc.integer({ min: 1000, max: 9999 }))
    .map(([at, value]) => ({ kind: 'edit' as const, at, value })),
);

/** The tampered lines and the 1-based number of the first line that no longer fits the chain. */
function apply(lines: string[], change: Tamper): { lines: string[]; firstBad: number } {
  const copy = [...lines];
  switch (change.kind) {
    case 'delete':
      copy.splice(change.at, 1);
      // Deleting the last line is truncation: invisible without an external copy of the head.
      return { lines: copy, firstBad: change.at === COUNT - 1 ? 0 : change.at + 1 };
    case 'duplicate':
      copy.splice(change.at, 0, lines[change.from] as string);
      // Inserting a line before itself leaves that position valid: the next one is the bad one.
      return { lines: copy, firstBad: change.from === change.at ? change.at + 2 : change.at + 1 };
    case 'swap':
      [copy[change.at], copy[change.at + 1]] = [copy[change.at + 1] as string, copy[change.at] as string];
      return { lines: copy, firstBad: change.at + 1 };
    case 'edit':
      copy[change.at] = (copy[change.at] as string).replace(/"n":\d+/, `"n":${change.value}`);
      return { lines: copy, firstBad: change.at + 1 };
  }
}

describe('audit verification under arbitrary tampering', () => {
  it('names exactly the first line that was deleted after, inserted, moved or edited', async () => {
    const file = join(tempDir(), 'audit.jsonl');
    const log = new AuditLog({ stderr: false, file }, { warn: () => {} });
    for (let n = 0; n < COUNT; n += 1) {
      await log.append(
        {
          time: '2026-01-01T00:00:00.000Z',
          kind: 'call',
          callId: `c${n}`,
          principal: { id: 'alice', kind: 'local' },
          session: null,
          tool: 'list_things',
          tier: 'read',
          tenant: null,
          args: { n },
          argsValidated: true,
        },
        { durable: false },
      );
    }
    const original = readFileSync(file, 'utf8').split('\n').slice(0, -1);
    const tampered = join(tempDir(), 'tampered.jsonl');
    await fc.assert(
      fc.asyncProperty(tamper, async (change) => {
        const { lines, firstBad } = apply(original, change);
        writeFileSync(tampered, `${lines.join('\n')}\n`);
        const verdict = await verifyAuditFile(tampered);
        if (firstBad === 0) expect(verdict).toMatchObject({ ok: true, records: COUNT - 1 });
        else expect(verdict).toMatchObject({ ok: false, line: firstBad });
      }),
      { numRuns: 200 },
    );
  });
});
