import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isToolError } from '../../../src/kernel/errors.js';
import { checkQuery } from '../../../src/plugins/hunting/kql/check.js';
import { warm } from '../../../src/plugins/hunting/kql/kusto.js';

/** What may hide before a command's dot: whitespace of every kind, invisible and bidi characters. */
const HIDING = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00A0',
  '\u3000',
  '\u2003',
  '\uFEFF',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u2060',
  '\u202E',
  '\u2066',
  '\u2069',
  '\u180E',
  '\u00AD',
  '\u034F',
];
const COMMANDS = [
  '.show tables',
  '.drop table DeviceInfo',
  '.set-or-append T <| print 1',
  '.create table T (a:string)',
  '.alter-merge table T (b:int)',
];
const BEFORE = ['', 'print 1;', 'let x = 1;', 'DeviceInfo | take 1;', 'let f = (a:string) { print a };'];

const prefix = fc.array(fc.oneof(fc.constantFrom(...HIDING), fc.constant('// a comment\n')), {
  maxLength: 8,
});

function refusal(query: string): string | undefined {
  try {
    checkQuery(query, { allowExternalData: false });
    return undefined;
  } catch (error) {
    return isToolError(error) ? error.message : `not a ToolError: ${String(error)}`;
  }
}

describe('checkQuery (unit, property-based)', () => {
  beforeAll(() => warm(), 30_000);

  it('refuses a management command wherever a statement starts, whatever hides before its dot', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BEFORE),
        prefix,
        fc.constantFrom(...COMMANDS),
        (before, hiding, command) => {
          const query = `${before}${hiding.join('')}${command}`;
          expect(refusal(query), JSON.stringify(query)).toMatch(/^Management commands are not allowed/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('accepts ordinary queries whose strings and comments merely mention commands', () => {
    for (const query of [
      'print s = ".show tables"',
      'print s = "a;.drop table T"',
      'DeviceInfo // .show tables\n| take 1',
      'DeviceProcessEvents | where ProcessCommandLine has ".set-or-append" | take 1',
    ]) {
      expect(refusal(query), query).toBeUndefined();
    }
  });
});
