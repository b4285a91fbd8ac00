import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantsSection, writeEmulatorFiles } from './support/emulator.js';

/** The reads enrichment tools need beyond the basics: machine alerts, logged-on users, file stats, risky user. */
let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 23 });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'pfx'), {
    env: files.env,
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

const contoso = () => layer.tenants.get('contoso');
const world = () =>
  emulator.world.tenant('contoso') as NonNullable<ReturnType<RunningEmulator['world']['tenant']>>;

describe('enrichment reads of the access layer', () => {
  it('lists a machine alerts (MDE shape) and its logged-on users', async () => {
    const alert = world().alerts.find((a) => a.serviceSource === 'microsoftDefenderForEndpoint');
    const machineId = alert?.evidence.find((e) => typeof e.mdeDeviceId === 'string')?.mdeDeviceId as string;
    const alerts = await layer.mde.listMachineAlerts(contoso(), machineId);
    expect(alerts.items.map((a) => a.id)).toContain(alert?.id);
    expect(alerts.items.every((a) => a.machineId === machineId)).toBe(true);
    const users = await layer.mde.listLogonUsers(contoso(), machineId);
    expect(users.items.map((u) => u.accountSid).sort()).toEqual(
      world()
        .usersOf(machineId)
        .map((u) => u.onPremisesSecurityIdentifier)
        .sort(),
    );
    await expect(layer.mde.listLogonUsers(contoso(), 'f'.repeat(40))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('reads file stats by SHA-1 and SHA-256', async () => {
    const file = world().files[0] as NonNullable<ReturnType<typeof world>['files'][number]>;
    const bySha1 = await layer.mde.getFileStats(contoso(), file.sha1);
    expect(Number(bySha1.orgPrevalence)).toBe(file.seenOn.length);
    const bySha256 = await layer.mde.getFileStats(contoso(), file.sha256);
    expect(bySha256.sha1).toBe(file.sha1);
  });

  it('reads a user with selected properties and a risky user by object id', async () => {
    const risky = world().riskyUsers[0] as NonNullable<ReturnType<typeof world>['riskyUsers'][number]>;
    const user = await layer.graph.getUser(contoso(), risky.id, undefined, {
      select: ['id', 'userPrincipalName', 'accountEnabled'],
    });
    expect(typeof user.accountEnabled).toBe('boolean');
    // Without $select, Graph's default set has no accountEnabled.
    expect((await layer.graph.getUser(contoso(), risky.id)).accountEnabled).toBeUndefined();
    expect(await layer.graph.getRiskyUser(contoso(), risky.id)).toMatchObject({
      riskLevel: risky.riskLevel,
      riskState: risky.riskState,
    });
    const safe = world().users.find((u) => !world().riskyUsers.some((r) => r.id === u.id));
    await expect(layer.graph.getRiskyUser(contoso(), safe?.id as string)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
