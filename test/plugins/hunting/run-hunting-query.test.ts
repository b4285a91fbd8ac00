import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { fixedWindow, hunt, huntingRequests, iso, textOf, worldRows } from './support.js';

describe('run_hunting_query against the seeded emulator', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: true } });
  });
  afterAll(async () => xdr?.close());

  it('counts rows as the seeded world has them (counted in JS, not with KQL)', async () => {
    const { from, to } = fixedWindow(xdr);
    const expected = worldRows(xdr, 'contoso', 'DeviceProcessEvents').filter(
      (r) =>
        typeof r.Timestamp === 'number' &&
        r.Timestamp >= from &&
        r.Timestamp <= to &&
        String(r.FileName).toLowerCase() === 'powershell.exe',
    ).length;
    expect(expected).toBeGreaterThan(0);
    const query =
      `DeviceProcessEvents | where Timestamp between (datetime(${iso(from)}) .. datetime(${iso(to)}))` +
      ' | where FileName =~ "powershell.exe" | summarize n = count()';
    const result = await xdr.call('run_hunting_query', { query });
    expect(result.isError).toBeFalsy();
    const [contoso] = hunt(result).results;
    expect(contoso).toMatchObject({
      tenant: 'contoso',
      ok: true,
      rowCount: 1,
      totalRows: 1,
      truncated: false,
    });
    expect(contoso?.schema).toEqual([{ name: 'n', type: 'Int64' }]);
    expect(contoso?.rows).toEqual([{ n: expected }]);
  });

  it('returns rows with their schema, and the text view fences them', async () => {
    const { from, to } = fixedWindow(xdr);
    const devices = new Set(worldRows(xdr, 'contoso', 'DeviceProcessEvents').map((r) => r.DeviceName));
    const query =
      `DeviceProcessEvents | where Timestamp between (datetime(${iso(from)}) .. datetime(${iso(to)}))` +
      ' | project DeviceName, FileName, ProcessId | take 7';
    const result = await xdr.call('run_hunting_query', { query });
    const [contoso] = hunt(result).results;
    expect(contoso?.schema?.map((c) => [c.name, c.type])).toEqual([
      ['DeviceName', 'String'],
      ['FileName', 'String'],
      ['ProcessId', 'Int64'],
    ]);
    expect(contoso?.rows).toHaveLength(7);
    for (const row of contoso?.rows ?? []) expect(devices.has(row.DeviceName)).toBe(true);
    const text = textOf(result);
    expect(text).toContain('Tenant "contoso": 7 rows.');
    expect(text).toMatch(/<untrusted-rows-[0-9a-f]+>\n- \["DeviceName","FileName","ProcessId"\]/);
  });

  it('sends the timespan: an interval gives exactly the rows inside it', async () => {
    const { from, to } = fixedWindow(xdr);
    const expected = worldRows(xdr, 'fabrikam', 'DeviceNetworkEvents').filter(
      (r) => typeof r.Timestamp === 'number' && r.Timestamp >= from && r.Timestamp <= to,
    ).length;
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceNetworkEvents | count',
      timespan: `${iso(from)}/${iso(to)}`,
      tenant: 'fabrikam',
    });
    expect(hunt(result).results[0]).toMatchObject({
      tenant: 'fabrikam',
      ok: true,
      rows: [{ Count: expected }],
    });
  });

  it('sends the timespan: a duration counts back from the service clock', async () => {
    const rows = worldRows(xdr, 'contoso', 'DeviceLogonEvents').map((r) => r.Timestamp as number);
    const inside = (from: number, to: number) => rows.filter((t) => t >= from && t <= to).length;
    const DAY = 86_400_000;
    const before = xdr.emulator.control.clock.now();
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceLogonEvents | count',
      timespan: 'P2D',
    });
    const after = xdr.emulator.control.clock.now();
    const count = hunt(result).results[0]?.rows?.[0]?.Count as number;
    // The service's "now" is somewhere between our two readings.
    expect(count).toBeGreaterThanOrEqual(inside(after - 2 * DAY, before));
    expect(count).toBeLessThanOrEqual(inside(before - 2 * DAY, after));
    expect(count).toBeLessThan(rows.length);
  });

  it('refuses a timespan that is not ISO 8601 before any request', async () => {
    const before = huntingRequests(xdr);
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceInfo | take 1',
      timespan: 'last week',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('ISO 8601');
    expect(huntingRequests(xdr)).toBe(before);
  });
});

describe('run_hunting_query hints', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: true, enrichment: true } });
  });
  afterAll(async () => xdr?.close());

  it('suggests enriching the entities of the first rows, with ids that parse as ids', async () => {
    const query =
      'DeviceNetworkEvents | where RemoteIPType == "Public" | project DeviceId, RemoteIP | take 5';
    const output = hunt(await xdr.call('run_hunting_query', { query }));
    const first = output.results[0]?.rows?.[0];
    expect(output.nextSteps).toEqual([
      expect.objectContaining({ tool: 'enrich_device', args: { machineId: first?.DeviceId } }),
      expect.objectContaining({ tool: 'enrich_ip', args: { ip: first?.RemoteIP } }),
    ]);
  });

  it('points at the schema when nothing matched', async () => {
    const output = hunt(
      await xdr.call('run_hunting_query', { query: 'DeviceInfo | where DeviceName == "no-such-device"' }),
    );
    expect(output.nextSteps.map((s) => s.tool)).toEqual(['get_hunting_schema']);
  });
});

describe('run_hunting_query hints in a deployment without enrichment', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: true } });
  });
  afterAll(async () => xdr?.close());

  it('never suggests a tool that is not enabled', async () => {
    const output = hunt(
      await xdr.call('run_hunting_query', {
        query: 'DeviceNetworkEvents | project DeviceId, RemoteIP | take 5',
      }),
    );
    expect(output.results[0]?.rowCount).toBe(5);
    expect(output.nextSteps).toEqual([]);
  });
});
