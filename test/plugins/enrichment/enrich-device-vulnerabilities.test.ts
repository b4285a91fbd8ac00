import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { ENRICHMENT, ok, text, worldOf } from './support.js';

interface Vulnerabilities {
  items: { cveId: string; severity: string; cvssV3: number; exploit: string; exposedMachines: number }[];
  truncated: boolean;
  error?: { code: string };
}

let xdr: XdrHarness;
beforeAll(async () => {
  xdr = await startXdr({ plugins: ENRICHMENT });
});
afterAll(async () => xdr?.close());

const RANK = ['Critical', 'High', 'Medium', 'Low'];

describe('enrich_device: top vulnerabilities', () => {
  it('shows the device’s vulnerabilities worst first, as the emulator’s record has them', async () => {
    const machine = worldOf(xdr).machines.find((m) => m.exposureLevel === 'High');
    if (!machine) throw new Error('no highly exposed machine in the seeded world');
    const d = ok<{ vulnerabilities: Vulnerabilities }>(
      await xdr.call('enrich_device', { machineId: machine.id }),
    );
    // The oracle: the emulator's own endpoint for the machine.
    const count = xdr.emulator.control.counters.requests({ route: 'GET /api/machines/:id/vulnerabilities' });
    expect(count).toBeGreaterThan(0);
    const items = d.vulnerabilities.items;
    expect(items.length).toBeGreaterThan(0);
    expect(RANK.indexOf(items[0]?.severity ?? '')).toBeLessThanOrEqual(1);
    const ranks = items.map((v) => RANK.indexOf(v.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(items.every((v) => /^CVE-\d{4}-\d+$/.test(v.cveId) && v.exposedMachines >= 1)).toBe(true);
    expect(text(await xdr.call('enrich_device', { machineId: machine.id }))).toContain(
      items[0]?.cveId ?? '?',
    );
  });

  it('a fully patched device has none; the section fails alone when the endpoint does', async () => {
    const patched = worldOf(xdr).machines.find((m) => m.exposureLevel === 'None');
    if (patched) {
      const d = ok<{ vulnerabilities: Vulnerabilities }>(
        await xdr.call('enrich_device', { machineId: patched.id }),
      );
      expect(d.vulnerabilities.items).toEqual([]);
    }
    const machine = worldOf(xdr).machines[0];
    const id = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 503,
      api: 'mde',
      path: '/api/machines/*/vulnerabilities',
    });
    try {
      const d = ok<{ vulnerabilities: Vulnerabilities; machine: { id: string } }>(
        await xdr.call('enrich_device', { machineId: machine?.id }),
      );
      expect(d.machine.id).toBe(machine?.id);
      expect(d.vulnerabilities.items).toEqual([]);
      expect(d.vulnerabilities.error?.code).toBeDefined();
    } finally {
      xdr.emulator.control.faults.remove(id);
    }
  });
});
