import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../helpers/kernel-client.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';

describe('the whole stack in one process (emulator, Defender layer, kernel, client)', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { [join(FIXTURES_DIR, 'plugins', 'incident-count')]: true } });
  });
  afterAll(async () => xdr?.close());

  it('a plugin injects the Defender clients and reads the emulator over HTTPS with a real token', async () => {
    const result = await xdr.call('count_incidents', {});
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ tenant: 'contoso' });
    expect((result.structuredContent as { incidents: number }).incidents).toBeGreaterThan(0);
    expect(xdr.emulator.control.counters.tokens()).toBeGreaterThan(0);
  });

  it('a read-only tenant app still reads, and an unknown tenant is refused without echo', async () => {
    const readonly = await xdr.call('count_incidents', { tenant: 'fabrikam-readonly' });
    expect(readonly.structuredContent).toMatchObject({ tenant: 'fabrikam-readonly' });
    const unknown = await xdr.call('count_incidents', { tenant: 'n0pe-tenant' });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown)).not.toContain('n0pe-tenant');
  });
});
