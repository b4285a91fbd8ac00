import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { accessLayer, ENRICHMENT, ok, text, toolError, worldOf } from './support.js';

interface Device {
  ambiguous: boolean;
  machine?: { id: string; computerDnsName: string };
  health?: { healthStatus: string; exposureLevel: string; riskScore: string };
  candidates?: { machineId: string }[];
  containment?: {
    isolated: { active: boolean | null; pending: { type: string; status: string } | null };
    codeExecutionRestricted: { active: boolean | null; pending: unknown };
  };
  alerts?: { items: { id: string }[]; error?: { code: string; message: string } };
  loggedOnUsers?: { items: { accountSid: string }[] };
  machineActions?: { items: { id: string; type: string }[] };
  nextSteps: { tool: string; args?: Record<string, unknown> }[];
}

let xdr: XdrHarness;
beforeAll(async () => {
  xdr = await startXdr({ plugins: ENRICHMENT });
});
afterAll(async () => xdr?.close());

const machines = () => worldOf(xdr).machines;
/** A machine with Defender for Endpoint alerts in the seeded stories. */
function machineWithAlerts() {
  const alert = worldOf(xdr).alerts.find(
    (a) => a.serviceSource === 'microsoftDefenderForEndpoint' && a.evidence.some((e) => e.mdeDeviceId),
  );
  const id = alert?.evidence.find((e) => typeof e.mdeDeviceId === 'string')?.mdeDeviceId;
  const machine = machines().find((m) => m.id === id);
  if (!machine) throw new Error('seeded world has no MDE alert with a device');
  return machine;
}

describe('enrich_device', () => {
  it('by machine id: record, health, alerts, logged-on users and actions as the emulator has them', async () => {
    const m = machineWithAlerts();
    const { mde, tenant } = accessLayer(xdr);
    const expectedAlerts = (await mde.listMachineAlerts(tenant(), m.id)).items.map((a) => a.id);
    const d = ok<Device>(await xdr.call('enrich_device', { machineId: m.id.toUpperCase() }));
    expect(d.ambiguous).toBe(false);
    expect(d.machine).toMatchObject({ id: m.id, computerDnsName: m.computerDnsName });
    expect(d.health).toMatchObject({
      healthStatus: m.healthStatus,
      exposureLevel: m.exposureLevel,
      riskScore: m.riskScore,
    });
    expect(expectedAlerts.length).toBeGreaterThan(0);
    expect(d.alerts?.items.map((a) => a.id).sort()).toEqual(expectedAlerts.slice(0, 10).sort());
    expect(d.loggedOnUsers?.items.map((u) => u.accountSid).sort()).toEqual(
      worldOf(xdr)
        .usersOf(m.id)
        .map((u) => u.onPremisesSecurityIdentifier)
        .sort(),
    );
    const history = worldOf(xdr)
      .machineActions.list()
      .filter((a) => a.machineId === m.id);
    expect(d.machineActions?.items.map((a) => a.id).sort()).toEqual(
      history
        .slice(0, 10)
        .map((a) => a.id)
        .sort(),
    );
    expect(d.containment?.isolated.active).toBe(worldOf(xdr).machineActions.isolation(m.id) !== null);
    expect(d.containment?.codeExecutionRestricted.active).toBe(
      worldOf(xdr).machineActions.codeExecutionRestricted(m.id),
    );
    // Hints: the alert and a ready hunt, no tool outside this deployment.
    expect(d.nextSteps.map((s) => s.tool)).not.toContain('get_alert');
    expect(d.nextSteps.map((s) => s.tool)).not.toContain('isolate_device');
  });

  it('by DNS name (full and short host name) and by IP', async () => {
    const m = machines()[5] as ReturnType<typeof machines>[number];
    for (const args of [
      { dnsName: m.computerDnsName },
      { dnsName: m.computerDnsName.split('.')[0] },
      { ip: m.lastIpAddress },
    ]) {
      const d = ok<Device>(await xdr.call('enrich_device', args));
      expect(d.machine?.id, JSON.stringify(args)).toBe(m.id);
    }
  });

  it('a DNS name or IP matching several machines returns the candidates', async () => {
    type M = ReturnType<typeof machines>[number];
    const [a, b, c] = machines().slice(10, 13) as [M, M, M];
    // A re-imaged device re-onboards under a new id with the same name; DHCP reuses addresses.
    b.computerDnsName = a.computerDnsName;
    c.lastIpAddress = a.lastIpAddress;
    const byName = ok<Device>(await xdr.call('enrich_device', { dnsName: a.computerDnsName }));
    expect(byName.ambiguous).toBe(true);
    expect(byName.machine).toBeUndefined();
    expect(byName.candidates?.map((x) => x.machineId).sort()).toEqual([a.id, b.id].sort());
    expect(byName.nextSteps.map((s) => [s.tool, s.args?.machineId]).sort()).toEqual(
      [a.id, b.id].sort().map((id) => ['enrich_device', id]),
    );
    const byIp = ok<Device>(await xdr.call('enrich_device', { ip: a.lastIpAddress }));
    expect(byIp.candidates?.map((x) => x.machineId).sort()).toEqual([a.id, c.id].sort());
  });

  it('bad ids and not exactly one key are validation errors; unknown machines are not_found', async () => {
    for (const args of [
      { machineId: 'abc' },
      { machineId: `${'a'.repeat(39)}g` },
      { dnsName: "host'; drop" },
      { ip: '10.0.0.999' },
      {},
      { machineId: 'a'.repeat(40), ip: '10.0.0.1' },
      { machineId: 'a'.repeat(40), extra: 1 },
    ]) {
      expect(toolError(await xdr.call('enrich_device', args)).code, JSON.stringify(args)).toBe(
        'validation_error',
      );
    }
    const unknown = await xdr.call('enrich_device', { machineId: 'f'.repeat(40) });
    expect(toolError(unknown).code).toBe('not_found');
    expect(text(unknown)).toContain('machine id');
    expect(toolError(await xdr.call('enrich_device', { dnsName: 'no-such-host.example.com' })).code).toBe(
      'not_found',
    );
    expect(toolError(await xdr.call('enrich_device', { ip: '192.0.2.254' })).code).toBe('not_found');
    expect(toolError(await xdr.call('enrich_device', { machineId: 'a'.repeat(40), tenant: '*' })).code).toBe(
      'validation_error',
    );
  });

  it('isolation follows a machine action: pending first, isolated once it succeeds on the emulator clock', async () => {
    const m = machines().find(
      (x) =>
        worldOf(xdr).machineActions.isolation(x.id) === null &&
        !worldOf(xdr).machineActions.pending(x.id, 'Isolate'),
    );
    if (!m) throw new Error('no unisolated machine');
    const { mde, tenant } = accessLayer(xdr);
    const started = await mde.machineAction(tenant(), m.id, 'isolate', { Comment: 'contain for test' });
    expect(started.status).toBe('created');

    const pending = ok<Device>(await xdr.call('enrich_device', { machineId: m.id }));
    expect(pending.containment?.isolated).toMatchObject({
      active: false,
      pending: { type: 'Isolate', status: 'Pending' },
    });

    xdr.emulator.control.clock.advance(61_000);
    const done = ok<Device>(await xdr.call('enrich_device', { machineId: m.id }));
    expect(done.containment?.isolated).toMatchObject({ active: true, pending: null });
    expect(worldOf(xdr).machineActions.isolation(m.id)).not.toBeNull();
    expect(text(await xdr.call('enrich_device', { machineId: m.id }))).toContain('Isolated right now: yes');

    // A release that fails leaves the device isolated; a restriction that succeeds shows as restricted.
    xdr.emulator.control.machineActions.failNext('Failed', { tenant: 'contoso' });
    await mde.machineAction(tenant(), m.id, 'unisolate', { Comment: 'release for test' });
    await mde.machineAction(tenant(), m.id, 'restrictCodeExecution', { Comment: 'restrict for test' });
    xdr.emulator.control.clock.advance(61_000);
    const after = ok<Device>(await xdr.call('enrich_device', { machineId: m.id }));
    expect(after.containment?.isolated).toMatchObject({ active: true, pending: null });
    expect(after.containment?.codeExecutionRestricted).toMatchObject({ active: true, pending: null });
    expect(worldOf(xdr).machineActions.isolation(m.id)).not.toBeNull();
    expect(worldOf(xdr).machineActions.codeExecutionRestricted(m.id)).toBe(true);
  });
});
