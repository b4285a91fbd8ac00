import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantData } from '../../src/emulator/data/world.js';
import { TOOL_RATES } from '../../src/plugins/tool-rates.js';
import { startXdr, type XdrHarness } from '../helpers/xdr-harness.js';
import { errorOf, textOf, workstations } from './devices/support.js';
import { huntingRequests } from './hunting/support.js';

const HUNT = { query: 'DeviceInfo | take 1' };

/** `n` calls one after the other (a rate limit is about order, not concurrency). */
async function calls(xdr: XdrHarness, n: number, name: string, args: Record<string, unknown>) {
  const results: CallToolResult[] = [];
  for (let i = 0; i < n; i += 1) results.push(await xdr.call(name, args));
  return results;
}

const admitted = (results: CallToolResult[]) => results.filter((r) => !r.isError).length;

/**
 * The built-in tools' declared default rates (src/plugins/tool-rates.ts) against the emulator: what a
 * deployment gets without configuring anything, and the operator's per-tool override winning over it.
 */
describe('declared default rates of the built-in tools', () => {
  describe('without configuration', () => {
    let xdr: XdrHarness;
    beforeAll(async () => {
      xdr = await startXdr({
        plugins: { hunting: true, devices: true },
        // The policy default is not a per-tool override: the declared rates still hold.
        config: { policy: { maxTier: 'destructive', rateLimits: { default: { perMinute: 1000 } } } },
      });
    }, 60_000);
    afterAll(async () => xdr?.close());

    it('hunting: 10 a minute per tenant and principal; the 11th is refused before it reaches Defender', async () => {
      const results = await calls(xdr, TOOL_RATES.hunting.perMinute + 1, 'run_hunting_query', HUNT);
      expect(admitted(results)).toBe(10);
      const refused = results.at(-1) as CallToolResult;
      expect(errorOf(refused).code).toBe('rate_limited');
      expect(textOf(refused)).toContain('at most 10 calls per minute per tenant and principal');
      expect(errorOf(refused).retryAfter).toBeGreaterThan(0);
      expect(huntingRequests(xdr)).toBe(10);
      // Another tenant has its own budget.
      const other = await xdr.call('run_hunting_query', { ...HUNT, tenant: 'fabrikam' });
      expect(other.isError, textOf(other)).toBeFalsy();
    }, 60_000);

    it('destructive tools: 10 a minute, previews included (an isolation is a preview and a confirmation)', async () => {
      const machine = workstations(xdr.emulator.world.tenant('contoso') as TenantData)[0];
      const args = { machineId: machine?.id, comment: 'rates test' };
      const results = await calls(xdr, TOOL_RATES.destructive.perMinute + 1, 'isolate_device', args);
      expect(admitted(results)).toBe(10);
      expect(errorOf(results.at(-1) as CallToolResult).code).toBe('rate_limited');
      // Nothing was isolated: these were previews.
      expect(
        xdr.emulator.control.calls
          .list()
          .filter((c) => c.method !== 'GET' && c.path.startsWith('/api/machines')),
      ).toEqual([]);
    }, 60_000);

    it('lists the declared rates in the catalog; reads without one keep the policy default', () => {
      const rateOf = (name: string) =>
        xdr.kernel.catalog.tools.find((t) => t.descriptor.name === name)?.descriptor.rateLimit;
      expect(rateOf('run_hunting_query')).toEqual(TOOL_RATES.hunting);
      expect(rateOf('isolate_devices')).toEqual(TOOL_RATES.destructive);
      expect(rateOf('run_av_scan')).toEqual(TOOL_RATES.write);
      expect(rateOf('find_devices')).toBeUndefined();
    });
  });

  describe("with the operator's override", () => {
    let xdr: XdrHarness;
    beforeAll(async () => {
      xdr = await startXdr({
        plugins: { hunting: true },
        config: { policy: { rateLimits: { tools: { run_hunting_query: { perMinute: 12 } } } } },
      });
    }, 60_000);
    afterAll(async () => xdr?.close());

    it('policy.rateLimits.tools replaces the declared rate', async () => {
      const results = await calls(xdr, 13, 'run_hunting_query', HUNT);
      expect(admitted(results)).toBe(12);
      expect(textOf(results.at(-1) as CallToolResult)).toContain('at most 12 calls per minute');
      expect(huntingRequests(xdr)).toBe(12);
      const rate = xdr.kernel.catalog.tools.find((t) => t.descriptor.name === 'run_hunting_query')?.descriptor
        .rateLimit;
      expect(rate).toEqual({ perMinute: 12 });
    }, 60_000);
  });
});
