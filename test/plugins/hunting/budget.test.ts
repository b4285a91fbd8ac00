import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { hunt, textOf } from './support.js';

const MAX_ROWS = 20;
const MAX_BYTES = 4096;

describe('run_hunting_query keeps results within its budget', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: { options: { maxRows: MAX_ROWS, maxBytes: MAX_BYTES } } } });
  });
  afterAll(async () => xdr?.close());

  it('cuts by rows: the first maxRows rows, the total, the flag and a hint', async () => {
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceProcessEvents | project DeviceId | take 50',
    });
    const output = hunt(result);
    expect(output.results[0]).toMatchObject({ ok: true, rowCount: MAX_ROWS, totalRows: 50, truncated: true });
    expect(output.results[0]?.rows).toHaveLength(MAX_ROWS);
    expect(output.truncated).toBe(true);
    expect(output.hint).toMatch(/project only the columns.*take.*summarize/s);
    expect(textOf(result)).toContain(`${MAX_ROWS} of 50 rows (truncated)`);
  });

  it('cuts by bytes: wide rows stop before the byte budget, however few', async () => {
    const result = await xdr.call('run_hunting_query', { query: 'DeviceProcessEvents | take 50' });
    const [first] = hunt(result).results;
    expect(first).toMatchObject({ ok: true, totalRows: 50, truncated: true });
    expect(first?.rowCount).toBeLessThan(MAX_ROWS);
    expect(first?.rows).toHaveLength(first?.rowCount ?? -1);
    expect(Buffer.byteLength(JSON.stringify(first?.rows))).toBeLessThanOrEqual(MAX_BYTES);
    // One more row would not have fitted: the cut is at the budget, not far below it.
    const next = await xdr.call('run_hunting_query', {
      query: `DeviceProcessEvents | take ${(first?.rowCount ?? 0) + 1}`,
    });
    const all = hunt(next).results[0];
    expect(all?.truncated).toBe(true);
  });

  it('is not truncated when everything fits', async () => {
    const result = await xdr.call('run_hunting_query', { query: 'DeviceInfo | project DeviceName | take 3' });
    const output = hunt(result);
    expect(output.results[0]).toMatchObject({ rowCount: 3, totalRows: 3, truncated: false });
    expect(output.truncated).toBe(false);
    expect(output.hint).toBeUndefined();
  });

  it('shares the budget between the tenants of a fan-out', async () => {
    const result = await xdr.call('run_hunting_query', {
      query: 'DeviceProcessEvents | project DeviceId | take 50',
      tenant: '*',
    });
    const results = hunt(result).results;
    expect(results).toHaveLength(4);
    for (const r of results)
      expect(r).toMatchObject({ ok: true, rowCount: MAX_ROWS / 4, totalRows: 50, truncated: true });
  });
});

describe('run_hunting_query under a small kernel output budget', () => {
  const OUTPUT_BUDGET = 16_384;
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { hunting: true },
      config: { policy: { outputBudgetBytes: OUTPUT_BUDGET } },
    });
  });
  afterAll(async () => xdr?.close());

  it('shapes rows to fit the whole response, instead of being refused by the kernel', async () => {
    const result = await xdr.call('run_hunting_query', { query: 'DeviceProcessEvents | take 100' });
    expect(result.isError).toBeFalsy();
    expect(hunt(result).results[0]).toMatchObject({ ok: true, totalRows: 100, truncated: true });
    expect(hunt(result).results[0]?.rowCount).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(OUTPUT_BUDGET);
    // The kernel's own cut never had to touch the text.
    expect(textOf(result)).not.toMatch(/output budget/i);
  });
});
