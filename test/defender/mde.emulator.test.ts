import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { f } from '../../src/defender/odata-filter.js';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantsSection, withFault, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 19 });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'pfx'), {
    env: files.env,
    onWarning: () => undefined,
    mde: { actionTimeoutMs: 800, statusReadTimeoutMs: 5000 },
    retry: { baseDelayMs: 20, maxDelayMs: 500 },
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

const contoso = () => layer.tenants.get('contoso');
const machines = () => emulator.world.tenant('contoso')?.machines ?? [];
const machine = (i: number) => machines()[i] as NonNullable<ReturnType<typeof machines>[number]>;

describe('Defender for Endpoint client against the emulator', () => {
  it('lists machines with an escaped filter and reads one', async () => {
    const m = machine(0);
    const list = await layer.mde.listMachines(contoso(), {
      filter: f.eq('computerDnsName', m.computerDnsName),
    });
    expect(list.items.map((x) => x.id)).toEqual([m.id]);
    expect((await layer.mde.getMachine(contoso(), m.id)).computerDnsName).toBe(m.computerDnsName);
    // MDE answers 404 when nothing matches: that is an empty list, not an error.
    expect(
      (await layer.mde.listMachines(contoso(), { filter: f.eq('computerDnsName', "no'such.host") })).items,
    ).toEqual([]);
  });

  it('an unknown machine id is not_found', async () => {
    await expect(layer.mde.getMachine(contoso(), 'f'.repeat(40))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('starts an action (PascalCase body); a duplicate reports the pending action instead of failing', async () => {
    const m = machine(1);
    const first = await layer.mde.machineAction(contoso(), m.id, 'isolate', {
      Comment: 'contain host',
      IsolationType: 'Selective',
    });
    expect(first.status).toBe('created');
    if (first.status !== 'created') return;
    expect(first.action).toMatchObject({
      type: 'Isolate',
      scope: 'Selective',
      machineId: m.id,
      status: 'Pending',
    });
    const again = await layer.mde.machineAction(contoso(), m.id, 'isolate', {
      Comment: 'contain host again',
    });
    expect(again.status).toBe('alreadyPending');
    if (again.status === 'alreadyPending') expect(again.pending.map((a) => a.id)).toContain(first.action.id);
  });

  it('after a timeout on a machine action, reads the machine recent actions and reports the one it finds; never resends', async () => {
    const m = machine(2);
    emulator.control.counters.reset();
    const outcome = await withFault(
      emulator,
      {
        kind: 'stall',
        ms: 3000,
        api: 'mde',
        method: 'POST',
        path: '/api/machines/*/runAntiVirusScan',
        times: 1,
      },
      () =>
        layer.mde.machineAction(contoso(), m.id, 'runAntiVirusScan', {
          Comment: 'scan after alert 42',
          ScanType: 'Quick',
        }),
    );
    expect(outcome.status).toBe('uncertain');
    if (outcome.status !== 'uncertain') return;
    expect(outcome.reason).toBe('timeout');
    expect(outcome.matching).toMatchObject({
      type: 'RunAntiVirusScan',
      machineId: m.id,
      requestorComment: 'scan after alert 42',
    });
    expect(
      emulator.control.counters.requests({
        tenant: 'contoso',
        route: 'POST /api/machines/:id/runAntiVirusScan',
      }),
    ).toBe(1);
    expect(emulator.control.counters.requests({ tenant: 'contoso', route: 'GET /api/machineactions' })).toBe(
      1,
    );
  });

  it('a 503 on a machine action is not retried; the recent actions are reported', async () => {
    const m = machine(3);
    emulator.control.counters.reset();
    const outcome = await withFault(
      emulator,
      { kind: 'status', status: 503, api: 'mde', method: 'POST', times: 1 },
      () => layer.mde.machineAction(contoso(), m.id, 'restrictCodeExecution', { Comment: 'restrict' }),
    );
    expect(outcome).toMatchObject({ status: 'uncertain', reason: 'unavailable', matching: undefined });
    expect(
      emulator.control.counters.requests({
        tenant: 'contoso',
        route: 'POST /api/machines/:id/restrictCodeExecution',
      }),
    ).toBe(1);
  });

  it('lists machine actions with filters, reads one, and the package link is not_found until collected', async () => {
    const m = machine(4);
    const started = await layer.mde.machineAction(contoso(), m.id, 'collectInvestigationPackage', {
      Comment: 'forensics',
    });
    if (started.status !== 'created') throw new Error(started.status);
    const listed = await layer.mde.listMachineActions(contoso(), {
      filter: f.and(f.eq('machineId', m.id), f.eq('type', 'CollectInvestigationPackage')),
    });
    expect(listed.items.map((a) => a.id)).toContain(started.action.id);
    expect((await layer.mde.getMachineAction(contoso(), started.action.id)).id).toBe(started.action.id);
    await expect(layer.mde.getPackageUri(contoso(), started.action.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('reads files and IP statistics; runs an advanced query (PascalCase response)', async () => {
    const file = emulator.world.tenant('contoso')?.files[0];
    if (!file) throw new Error('file');
    expect((await layer.mde.getFile(contoso(), file.sha1)).sha1).toBe(file.sha1);
    const ip = await layer.mde.getIpStats(contoso(), machine(0).lastIpAddress);
    expect(ip).toBeTypeOf('object');
    const hunt = await layer.mde.runAdvancedQuery(contoso(), 'DeviceInfo | take 2');
    expect(hunt.schema.length).toBeGreaterThan(0);
    expect(hunt.results.length).toBeLessThanOrEqual(2);
  });

  it('a bad action body is a validation error with the upstream code only', async () => {
    const error = await layer.mde
      .machineAction(contoso(), machine(5).id, 'stopAndQuarantineFile', { Comment: 'q', Sha1: 'not-a-sha1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_error' });
    expect((error as Error).message).not.toContain('not-a-sha1');
  });
});
