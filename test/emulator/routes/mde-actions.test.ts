import { describe, expect, it } from 'vitest';
import { ACTION_TIMINGS } from '../../../src/emulator/data/machine-actions.js';
import type { Machine, MachineAction } from '../../../src/emulator/data/model.js';
import { type ErrorBody, type Harness, harness, type Listing } from './harness.js';

function machine(h: Harness, index = 0): Machine {
  const m = h.world.tenant('contoso')?.machines[index];
  if (!m) throw new Error('no machine');
  return m;
}

async function act(h: Harness, m: Machine, path: string, body: unknown) {
  return h.call<MachineAction & ErrorBody>('POST', `/api/machines/${m.id}/${path}`, { body });
}

describe('MDE machine actions', () => {
  it.each([
    ['isolate', { Comment: 'c', IsolationType: 'Selective' }, 'Isolate', 'Selective'],
    ['isolate', { Comment: 'c' }, 'Isolate', 'Full'],
    ['unisolate', { Comment: 'c' }, 'Unisolate', null],
    ['runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' }, 'RunAntiVirusScan', 'Quick'],
    ['StopAndQuarantineFile', { Comment: 'c', Sha1: 'A'.repeat(40) }, 'StopAndQuarantineFile', null],
    ['restrictCodeExecution', { Comment: 'c' }, 'RestrictCodeExecution', null],
    ['unrestrictCodeExecution', { Comment: 'c' }, 'UnrestrictCodeExecution', null],
    ['collectInvestigationPackage', { Comment: 'c' }, 'CollectInvestigationPackage', null],
  ])('%s %j -> 201 Pending %s', async (path, body, type, scope) => {
    const h = harness();
    const m = machine(h);
    const reply = await act(h, m, path, body);
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({
      type,
      scope,
      status: 'Pending',
      machineId: m.id,
      computerDnsName: m.computerDnsName,
      requestorComment: 'c',
    });
    expect(reply.json.id).toMatch(/^[0-9a-f-]{36}$/);
    if (path === 'StopAndQuarantineFile')
      expect(reply.json.relatedFileInfo).toEqual({
        fileIdentifier: 'a'.repeat(40),
        fileIdentifierType: 'Sha1',
      });
  });

  it('matches the action path case-insensitively but body keys case-sensitively', async () => {
    const h = harness();
    const m = machine(h);
    const wrongCase = await act(h, m, 'ISOLATE', { comment: 'c', isolationType: 'Full' });
    expect(wrongCase.status).toBe(400);
    expect(wrongCase.json.error.code).toBe('InvalidRequestBody');
    expect(wrongCase.json.error.message).toMatch(/did you mean 'Comment'/);
    const missing = await act(h, m, 'runAntiVirusScan', { Comment: 'c' });
    expect(missing.json.error).toMatchObject({ code: 'MissingRequiredParameter' });
    const noComment = await act(h, m, 'isolate', { IsolationType: 'Full' });
    expect(noComment.json.error.code).toBe('MissingRequiredParameter');
    const badEnum = await act(h, m, 'isolate', { Comment: 'c', IsolationType: 'Partial' });
    expect(badEnum.json.error.code).toBe('InvalidRequestBody');
    const badHash = await act(h, m, 'StopAndQuarantineFile', { Comment: 'c', Sha1: 'xyz' });
    expect(badHash.json.error.code).toBe('InvalidHashValue');
    const notJson = await act(h, m, 'isolate', 'Comment');
    expect(notJson.json.error.code).toBe('InvalidRequestBody');
    const unknownMachine = await h.call<ErrorBody>('POST', '/api/machines/0000/isolate', {
      body: { Comment: 'c' },
    });
    expect(unknownMachine.status).toBe(404);
    expect(unknownMachine.json.error.code).toBe('ResourceNotFound');
  });

  it('refuses a second action of the same type while one is pending, allows other types', async () => {
    const h = harness();
    const m = machine(h);
    expect((await act(h, m, 'isolate', { Comment: 'first', IsolationType: 'Full' })).status).toBe(201);
    const again = await act(h, m, 'isolate', { Comment: 'second', IsolationType: 'Full' });
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      code: 'ActiveRequestAlreadyExists',
      message: 'Action is already in progress',
    });
    expect((await act(h, m, 'runAntiVirusScan', { Comment: 'c', ScanType: 'Full' })).status).toBe(201);
    expect((await act(h, machine(h, 1), 'isolate', { Comment: 'other machine' })).status).toBe(201);
    h.clock.advance(ACTION_TIMINGS.completeAfterMs);
    expect((await act(h, m, 'unisolate', { Comment: 'release' })).status).toBe(201);
  });

  it('moves Pending -> InProgress -> Succeeded on the clock, and isolation follows', async () => {
    const h = harness();
    const m = machine(h);
    const tenant = h.world.tenant('contoso');
    const created = await act(h, m, 'isolate', { Comment: 'c', IsolationType: 'Selective' });
    const status = async () =>
      (await h.call<MachineAction>('GET', `/api/machineactions/${created.json.id}`)).json.status;
    expect(await status()).toBe('Pending');
    expect(tenant?.machineActions.isolation(m.id)).toBeNull();
    h.clock.advance(ACTION_TIMINGS.inProgressAfterMs);
    expect(await status()).toBe('InProgress');
    h.clock.advance(ACTION_TIMINGS.completeAfterMs - ACTION_TIMINGS.inProgressAfterMs);
    expect(await status()).toBe('Succeeded');
    expect(tenant?.machineActions.isolation(m.id)).toBe('Selective');
    await act(h, m, 'unisolate', { Comment: 'release' });
    h.clock.advance(ACTION_TIMINGS.completeAfterMs);
    expect(tenant?.machineActions.isolation(m.id)).toBeNull();
  });

  it.each(['Failed', 'TimeOut', 'Cancelled'] as const)(
    'ends with %s when the fault control says so, leaving state unchanged',
    async (outcome) => {
      const h = harness();
      const m = machine(h);
      h.world.failNextMachineActions(outcome, { tenant: 'contoso' });
      const failing = await act(h, m, 'restrictCodeExecution', { Comment: 'c' });
      h.clock.advance(ACTION_TIMINGS.completeAfterMs);
      const done = await h.call<MachineAction>('GET', `/api/machineactions/${failing.json.id}`);
      expect(done.json.status).toBe(outcome);
      if (outcome === 'Cancelled') expect(done.json.cancellationDateTimeUtc).not.toBeNull();
      expect(h.world.tenant('contoso')?.machineActions.codeExecutionRestricted(m.id)).toBe(false);
      const next = await act(h, m, 'restrictCodeExecution', { Comment: 'again' });
      h.clock.advance(ACTION_TIMINGS.completeAfterMs);
      expect((await h.call<MachineAction>('GET', `/api/machineactions/${next.json.id}`)).json.status).toBe(
        'Succeeded',
      );
      expect(h.world.tenant('contoso')?.machineActions.codeExecutionRestricted(m.id)).toBe(true);
    },
  );

  it('lists machine actions newest first with filters, including the seeded history', async () => {
    const h = harness();
    const m = machine(h, 2);
    await act(h, m, 'runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' });
    const all = await h.call<Listing<MachineAction>>('GET', '/api/machineactions');
    expect(all.json.value.length).toBeGreaterThan(1);
    expect(all.json.value[0]?.machineId).toBe(m.id);
    const filtered = await h.call<Listing<MachineAction>>(
      'GET',
      `/api/machineactions?$filter=machineId eq '${m.id}' and type eq 'RunAntiVirusScan'&$top=1`,
    );
    expect(filtered.json.value).toHaveLength(1);
    expect(filtered.json.value[0]?.status).toBe('Pending');
    const succeeded = await h.call<Listing<MachineAction>>(
      'GET',
      "/api/machineactions?$filter=status eq 'Succeeded'",
    );
    expect(succeeded.json.value.length).toBeGreaterThan(0);
    expect((await h.call('GET', "/api/machineactions?$filter=status eq 'Done'")).status).toBe(400);
    expect((await h.call('GET', '/api/machineactions/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('serves GetPackageUri only once the collection succeeded', async () => {
    const h = harness();
    const m = machine(h, 4);
    const collect = await act(h, m, 'collectInvestigationPackage', { Comment: 'forensics' });
    const uri = () =>
      h.call<{ value: string } & ErrorBody>('GET', `/api/machineactions/${collect.json.id}/GetPackageUri`);
    expect((await uri()).status).toBe(404);
    h.clock.advance(ACTION_TIMINGS.inProgressAfterMs);
    expect((await uri()).status).toBe(404);
    h.clock.advance(ACTION_TIMINGS.completeAfterMs);
    const ready = await uri();
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.json.value)).toMatch(/^https:\/\/.+WDATP_Investigation_Package\.zip\?token=/);
    // Short-lived: the link names its expiry, 10 minutes after it was asked for.
    const expiry = new URL(JSON.parse(ready.json.value)).searchParams.get('se') ?? '';
    expect(Date.parse(expiry) - h.clock.now()).toBe(10 * 60_000);
    const scan = await act(h, m, 'runAntiVirusScan', { Comment: 'c', ScanType: 'Quick' });
    h.clock.advance(ACTION_TIMINGS.completeAfterMs);
    expect((await h.call('GET', `/api/machineactions/${scan.json.id}/getPackageUri`)).status).toBe(404);
  });

  it('cancels a running action; refuses to cancel a finished one', async () => {
    const h = harness();
    const m = machine(h, 5);
    const scan = await act(h, m, 'runAntiVirusScan', { Comment: 'c', ScanType: 'Full' });
    const cancel = (id: string, body: unknown) =>
      h.call<MachineAction & ErrorBody>('POST', `/api/machineactions/${id}/cancel`, { body });
    expect((await cancel(scan.json.id, { comment: 'x' })).json.error.code).toBe('InvalidRequestBody');
    const cancelled = await cancel(scan.json.id, { Comment: 'not needed' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'Cancelled', cancellationComment: 'not needed' });
    h.clock.advance(ACTION_TIMINGS.completeAfterMs);
    const later = await h.call<MachineAction>('GET', `/api/machineactions/${scan.json.id}`);
    expect(later.json.status).toBe('Cancelled');
    expect((await act(h, m, 'runAntiVirusScan', { Comment: 'again', ScanType: 'Quick' })).status).toBe(201);
    const again = await cancel(scan.json.id, { Comment: 'twice' });
    expect(again.status).toBe(400);
    expect((await cancel('00000000-0000-4000-8000-000000000000', { Comment: 'c' })).status).toBe(404);
  });
});
