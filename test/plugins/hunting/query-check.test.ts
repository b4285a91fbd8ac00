import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomFor } from '../../helpers/rates.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, hunt, huntingRequests, textOf, worldRows } from './support.js';

/** Every refusal here happens before any request: the emulator never sees a hunting call. */
describe('run_hunting_query checks the query before sending it', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: true },
      config: { policy: { rateLimits: { tools: roomFor('run_hunting_query') } } },
    });
  });
  afterAll(async () => xdr?.close());

  async function refused(query: string): Promise<string> {
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', { query });
    expect(result.isError).toBe(true);
    expect(errorOf(result)?.code).toBe('validation_error');
    expect(huntingRequests(xdr)).toBe(before);
    return textOf(result);
  }

  it.each([
    ['plain', '.show tables'],
    ['after spaces and newlines', '  \n\t.show tables'],
    ['after a BOM', '\uFEFF.show tables'],
    ['after zero-width characters', '\u200B\u200D\u2060.drop table DeviceInfo'],
    ['after a bidi override', '\u202E.show tables'],
    ['after a bidi isolate and a comment', '\u2066// hello\n.set-or-append T <| print 1'],
    ['after a semicolon', 'let x = 1;\n.show tables'],
    ['after a semicolon and invisible characters', 'print 1;\u200B\uFEFF .drop table DeviceInfo'],
    ['after a semicolon and a comment', 'print 1; // then\n.show databases'],
  ])('refuses a management command %s', async (_, query) => {
    const text = await refused(query);
    expect(text).toMatch(/Management commands are not allowed: '\.(show|drop|set-or-append)'/);
  });

  it('does not mistake a dot inside a string literal for a command', async () => {
    const result = await xdr.call('run_hunting_query', { query: 'print s = "x;.show tables"' });
    expect(result.isError).toBeFalsy();
  });

  it('lets materialize and let statements through', async () => {
    const result = await xdr.call('run_hunting_query', {
      query: 'let devices = materialize(DeviceInfo | distinct DeviceId);\ndevices | count',
    });
    expect(result.isError).toBeFalsy();
    const devices = new Set(worldRows(xdr, 'contoso', 'DeviceInfo').map((r) => r.DeviceId)).size;
    expect(hunt(result).results[0]?.rows).toEqual([{ Count: devices }]);
  });

  it('escapes column names the query made up, in the schema as in the rows', async () => {
    const result = await xdr.call('run_hunting_query', { query: "print ['a\u202Eb'] = 1" });
    const [first] = hunt(result).results;
    expect(first?.schema?.[0]?.name).toBe('a\\u{202E}b');
    expect(Object.keys(first?.rows?.[0] ?? {})).toEqual([first?.schema?.[0]?.name]);
  });

  it('reports a syntax error with line, column and the parser message', async () => {
    const text = await refused('DeviceProcessEvents\n| where FileName == "x" and\n| take 5');
    expect(text).toMatch(/Syntax error at line 2, column 28: .+ \(KS\d+\)/);
  });

  it('names the closest table for an unknown one', async () => {
    const text = await refused('DeviceProcesEvents | take 1');
    expect(text).toContain('Unknown name at line 1, column 1');
    expect(text).toContain("Did you mean 'DeviceProcessEvents'?");
  });

  it('names the closest column in scope for an unknown one', async () => {
    const text = await refused('DeviceProcessEvents\n| where ProcesCommandLine has "whoami"');
    expect(text).toContain('Unknown name at line 2, column 9');
    expect(text).toContain("Did you mean 'ProcessCommandLine'?");
  });

  it('knows the columns a query made itself', async () => {
    const text = await refused(
      'DeviceProcessEvents | project Commandline = ProcessCommandLine | where CommandLin has "x"',
    );
    expect(text).toContain("Did you mean 'Commandline'?");
  });

  it('names the closest function for an unknown one', async () => {
    const text = await refused('DeviceInfo | extend name = tolowr(DeviceName)');
    expect(text).toContain('Unknown name at line 1, column 28');
    expect(text).toContain("Did you mean 'tolower'?");
  });

  it('sends a name close to nothing documented to the service (maybe a column newer than the docs), which judges it', async () => {
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', { query: 'DeviceInfo | where Zzzzqqq == 1' });
    expect(huntingRequests(xdr)).toBe(before + 1);
    // The emulator, like a tenant without such a column, refuses it; its reason comes back fenced.
    expect(errorOf(result)?.code).toBe('validation_error');
    expect(textOf(result)).toMatch(/refused the query[\s\S]*<untrusted-service-message-\w+>\n[^\n]*Zzzzqqq/);
    expect(textOf(result)).not.toContain('Did you mean');
  });

  it('reports what the local check doubted as warnings beside the rows', async () => {
    // count(Column): the analyzer wants a bool, the service (and the emulator) count the rows.
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceEvents | summarize count(RemoteUrl) by ActionType | take 3',
    });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { warnings?: string[]; results: { ok: boolean }[] };
    expect(out.results[0]?.ok).toBe(true);
    expect(out.warnings).toEqual([expect.stringMatching(/^Line 1, column \d+: .+\(KS107\); sent on/)]);
    expect(textOf(result)).toContain('Warning: Line 1');
  });

  it.each([
    ['externaldata', 'externaldata (a:string) [@"https://evil.example/x.csv"] | take 1', 'externaldata'],
    ['evaluate http_request', 'evaluate http_request("https://evil.example/")', 'evaluate http_request'],
    ['evaluate sql_request', 'evaluate sql_request("Server=x", "select 1")', 'evaluate sql_request'],
    ['cluster()', 'cluster("evil.kusto.windows.net").database("d").T | take 1', 'cluster'],
  ])('refuses %s, which reaches outside', async (_, query, name) => {
    const text = await refused(query);
    expect(text).toContain(`'${name}' at line 1`);
    expect(text).toContain('allowExternalData');
  });

  it('lets local evaluate plugins through the check', async () => {
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceInfo | take 1 | project d = dynamic({"a": 1}) | evaluate bag_unpack(d)',
    });
    // The emulator does not run evaluate: what matters is that the service, not our check, refused it.
    expect(textOf(result)).not.toContain('reaches outside');
    expect(huntingRequests(xdr)).toBe(before + 1);
  });

  it('refuses a query over 10,000 characters and accepts one of exactly 10,000', async () => {
    const base = 'DeviceInfo | take 1\n//';
    const over = await xdr.call('run_hunting_query', { query: base.padEnd(10_001, 'x') });
    expect(over.isError).toBe(true);
    expect(textOf(over)).toContain('at most 10000 characters');
    const exact = await xdr.call('run_hunting_query', { query: base.padEnd(10_000, 'x') });
    expect(exact.isError).toBeFalsy();
  });
});

describe('with allowExternalData: true', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: { options: { allowExternalData: true } } },
      config: { policy: { rateLimits: { tools: roomFor('run_hunting_query') } } },
    });
  });
  afterAll(async () => xdr?.close());

  it('sends externaldata on to the service', async () => {
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', {
      query: 'externaldata (a:string) [@"https://example.com/x.csv"] | take 1',
    });
    expect(huntingRequests(xdr)).toBe(before + 1);
    // The emulator has no externaldata: its 400 comes back in our words.
    expect(textOf(result)).toContain('refused the query');
  });
});

describe('with strictSchema: false', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: { options: { strictSchema: false } } },
      config: { policy: { rateLimits: { tools: roomFor('run_hunting_query') } } },
    });
  });
  afterAll(async () => xdr?.close());

  it('lets the service judge names the built-in schema does not know, but still refuses commands', async () => {
    const before = huntingRequests(xdr);
    const unknown = await xdr.call('run_hunting_query', {
      query: 'DeviceProcessEvents | project ProcessUniqueId | take 1',
    });
    expect(huntingRequests(xdr)).toBe(before + 1);
    expect(textOf(unknown)).toContain('refused the query');
    const command = await xdr.call('run_hunting_query', { query: '\u200B.show tables' });
    expect(textOf(command)).toContain('Management commands are not allowed');
    expect(huntingRequests(xdr)).toBe(before + 1);
  });
});
