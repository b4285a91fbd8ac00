import { describe, expect, it } from 'vitest';
import { KqlError, type Row } from '../../../src/emulator/kql/table.js';
import { fromTables, table } from '../../helpers/hunting-tables.js';
import { NOW, run } from './fixtures.js';

async function failure(
  query: string,
  options: Parameters<typeof run>[1] = {},
  on?: Parameters<typeof run>[2],
) {
  try {
    await run(query, options, on);
  } catch (error) {
    expect(error).toBeInstanceOf(KqlError);
    return error as KqlError;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('KQL errors like the service', () => {
  it('a syntax error names the problem and its line and column', async () => {
    const e = await failure('DeviceProcessEvents\n| where FileName == "a" |');
    expect(e.kind).toBe('syntax');
    expect(e.position).toEqual({ line: 2, column: 26 });
    expect(e.message).toMatch(/^Syntax error: Query operator expected\. \(KS\d+\) at line 2, column 26$/);
  });

  it('an unknown table is a semantic error with the analyzer message and position', async () => {
    const e = await failure('let x = 1;\nDeviceProcesEvents | take 1');
    expect(e.kind).toBe('semantic');
    expect(e.position).toEqual({ line: 2, column: 1 });
    expect(e.message).toContain("The name 'DeviceProcesEvents' does not refer to any known table");
  });

  it('an unknown column is a semantic error pointing at the column', async () => {
    const e = await failure('DeviceProcessEvents | where FileNam == "cmd.exe"');
    expect(e.kind).toBe('semantic');
    expect(e.position).toEqual({ line: 1, column: 29 });
    expect(e.message).toContain("'FileNam'");
  });

  it('a type error is a semantic error', async () => {
    const e = await failure('DeviceProcessEvents | where ProcessId + "a" > 1');
    expect(e.kind).toBe('semantic');
    expect(e.message).toMatch(/operator '\+' is not defined for the operand types long and string/);
  });

  it.each([
    '.show tables',
    '.drop table DeviceProcessEvents',
    '   .set-or-append T <| DeviceProcessEvents',
    '\uFEFF.show databases',
    '\u200B\u200D.drop table x',
    '\n\t.create table T (a:string)',
  ])('the control command %j is rejected as on a query endpoint', async (command) => {
    const e = await failure(command);
    expect(e.kind).toBe('command');
    expect(e.message).toMatch(/management commands are not allowed on the query endpoint/);
  });

  it('a command smuggled after a pipe is a syntax error, never executed', async () => {
    const e = await failure('DeviceProcessEvents | .drop table DeviceProcessEvents');
    expect(e.kind).toBe('syntax');
  });

  it.each([
    ['DeviceProcessEvents | evaluate autocluster()', "'evaluate' plugin 'autocluster'"],
    ['DeviceProcessEvents | evaluate basket()', "'evaluate' plugin 'basket'"],
    ['DeviceProcessEvents | extend h = hash_many(FileName)', "function 'hash_many()'"],
    ['DeviceProcessEvents | summarize tdigest(ProcessId)', "aggregation function 'tdigest()'"],
    ['union kind=inner DeviceProcessEvents, DeviceNetworkEvents', 'union kind=inner'],
    ['DeviceProcessEvents | sample 3', "'sample' operator"],
  ])('an operator or function outside the coverage is named: %s', async (query, named) => {
    const e = await failure(query);
    expect(e.kind).toBe('unsupported');
    expect(e.message).toContain(named);
    expect(e.message).toContain('docs/emulator.md');
  });

  it.each([
    '"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" matches regex "(a+)+$"',
    'extract(@"(\\w*x)*y", 0, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz")',
    '"ab ab ab ab ab ab ab ab ab ab ab ab ab!" matches regex @"^(\\w+\\s?)*$"',
  ])('a regex that could backtrack catastrophically is refused, not run: %s', async (expression) => {
    const e = await failure(`print r = ${expression}`);
    expect(e.kind).toBe('unsupported');
    expect(e.message).toContain('regular expression');
  });

  it.each([
    ['"abab" matches regex @"(ab)\\1"', 'backreference'],
    ['"ab" matches regex "a(?=b)"', 'lookaround'],
    ['"aa" matches regex "a++"', 'possessive'],
    ['"a" matches regex @"a\\Z"', '\\Z'],
    ['"a" matches regex "(a"', 'missing closing )'],
  ])('a regex RE2 rejects is the query error the service reports: %s', async (expression, reason) => {
    const e = await failure(`print r = ${expression}`);
    expect(e.kind).toBe('semantic');
    expect(e.message).toContain('not valid RE2');
    expect(e.message).toContain(reason);
  });

  it('the row limit: more rows than maxRows is the documented error, exactly maxRows is fine', async () => {
    await expect(run('DeviceProcessEvents | take 3', { limits: { maxRows: 3 } })).resolves.toMatchObject({
      results: { length: 3 },
    });
    const e = await failure('DeviceProcessEvents', { limits: { maxRows: 3 } });
    expect(e.kind).toBe('limit');
    expect(e.message).toMatch(/exceeded the maximum of 3 rows/);
  });

  it('the result-size limit', async () => {
    const e = await failure('DeviceProcessEvents', { limits: { maxBytes: 500 } });
    expect(e.kind).toBe('limit');
    expect(e.message).toContain('Query execution has exceeded the allowed result size');
  });

  const big = fromTables([
    table('Big', [{ name: 'x', type: 'long' }], {
      length: 10_000_000,
      *[Symbol.iterator]() {
        for (let i = 0; i < 10_000_000; i++) yield { x: i } as Row;
      },
    } as unknown as Row[]),
  ]);

  it('the runtime limit stops a long query, even inside summarize', async () => {
    const e = await failure('Big | summarize count() by x', { limits: { maxMs: 50 } }, big);
    expect(e.kind).toBe('limit');
    expect(e.message).toMatch(/exceeded the allowed time limit \(50 ms\)/);
  });

  it('an AbortSignal cancels a running query', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const e = await failure('Big | where x % 2 == 0 | summarize count()', { signal: controller.signal }, big);
    expect(e.kind).toBe('limit');
    expect(e.message).toBe('The query was cancelled.');
  });

  it('an internal failure becomes a KqlError, never a crash', async () => {
    const broken = fromTables([
      {
        name: 'Broken',
        columns: [{ name: 'x', type: 'long' }],
        rows: () => {
          throw new Error('disk on fire');
        },
      },
    ]);
    const e = await failure('Broken | take 1', {}, broken);
    expect(e.kind).toBe('unsupported');
    expect(e.message).toContain('disk on fire');
  });

  it('an invalid Timespan is refused', async () => {
    const e = await failure('DeviceProcessEvents', { timespan: 'yesterday-ish' });
    expect(e.message).toMatch(/Invalid Timespan/);
    expect(NOW).toBeGreaterThan(0);
  });
});
