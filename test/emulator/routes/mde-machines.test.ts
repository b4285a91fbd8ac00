import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/emulator/data/model.js';
import { type ErrorBody, harness, type JsonObject, type Listing, walk } from './harness.js';

describe('MDE /api/machines', () => {
  it('lists machines with PascalCase enums and the MDE context', async () => {
    const h = harness();
    const reply = await h.call<Listing<Machine>>('GET', '/api/machines');
    expect(reply.status).toBe(200);
    expect(reply.json['@odata.context']).toBe('https://127.0.0.1:8443/api/$metadata#Machines');
    expect(reply.json.value).toHaveLength(h.world.tenant('contoso')?.machines.length ?? -1);
    for (const m of reply.json.value) {
      expect(['Active', 'Inactive', 'ImpairedCommunication', 'NoSensorData']).toContain(m.healthStatus);
      expect(['None', 'Informational', 'Low', 'Medium', 'High']).toContain(m.riskScore);
    }
  });

  it('filters on computerDnsName, id, healthStatus, riskScore, lastIpAddress, machineTags and lastSeen', async () => {
    const h = harness();
    const machines = h.world.tenant('contoso')?.machines ?? [];
    const m = machines[3] as Machine;
    const cases: [string, (x: Machine) => boolean][] = [
      [`computerDnsName eq '${m.computerDnsName.toUpperCase()}'`, (x) => x.id === m.id],
      [`id eq '${m.id}'`, (x) => x.id === m.id],
      [
        "healthStatus eq 'Active' and riskScore eq 'High'",
        (x) => x.healthStatus === 'Active' && x.riskScore === 'High',
      ],
      [`lastIpAddress eq '${m.lastIpAddress}'`, (x) => x.lastIpAddress === m.lastIpAddress],
      ["machineTags/any(tag: tag eq 'VIP')", (x) => x.machineTags.includes('VIP')],
      [`lastSeen gt ${m.lastSeen}`, (x) => x.lastSeen > m.lastSeen],
      ['rbacGroupId eq 141', (x) => x.rbacGroupId === 141],
      [
        `startswith(computerDnsName, '${m.computerDnsName.slice(0, 4)}')`,
        (x) => x.computerDnsName.startsWith(m.computerDnsName.slice(0, 4)),
      ],
    ];
    for (const [filter, expected] of cases) {
      const want = machines.filter(expected).map((x) => x.id);
      const reply = await h.call<Listing<Machine>>(
        'GET',
        `/api/machines?$filter=${encodeURIComponent(filter)}`,
      );
      if (want.length === 0) expect(reply.status, filter).toBe(404);
      else
        expect(
          reply.json.value.map((x) => x.id),
          filter,
        ).toEqual(want);
    }
  });

  it('404s with ResourceNotFound when no machine matches, 400 ODataError for bad filters', async () => {
    const h = harness();
    const none = await h.call<ErrorBody>('GET', "/api/machines?$filter=computerDnsName eq 'nothing.example'");
    expect(none.status).toBe(404);
    expect(none.json.error.code).toBe('ResourceNotFound');
    expect(none.json.error.target).toMatch(/^[0-9a-f-]{36}$/);
    for (const filter of ["healthStatus eq 'Sick'", "owner eq 'x'", "computerDnsName eq 'x"]) {
      const bad = await h.call<ErrorBody>('GET', `/api/machines?$filter=${encodeURIComponent(filter)}`);
      expect(bad.status, filter).toBe(400);
      expect(bad.json.error.code).toBe('ODataError');
    }
    expect((await h.call('GET', '/api/machines?$top=10001')).status).toBe(400);
  });

  it('treats $top as a limit and pages with $skip', async () => {
    const h = harness();
    const top = await h.call<Listing<Machine>>('GET', '/api/machines?$top=5&$skip=2');
    expect(top.json.value.map((m) => m.id)).toEqual(
      h.world
        .tenant('contoso')
        ?.machines.slice(2, 7)
        .map((m) => m.id),
    );
    expect(top.json['@odata.nextLink']).toBeUndefined();
    const all = await walk<Machine>(h, '/api/machines?$count=true');
    expect(all.items).toHaveLength(h.world.tenant('contoso')?.machines.length ?? -1);
    expect(all.first['@odata.count']).toBe(all.items.length);
  });

  it('gets a machine by id or DNS name and 404s an unknown one with the documented message', async () => {
    const h = harness();
    const m = h.world.tenant('contoso')?.machines[0] as Machine;
    const byId = await h.call<Machine>('GET', `/api/machines/${m.id}`);
    const byName = await h.call<Machine>('GET', `/api/machines/${m.computerDnsName}`);
    expect(byId.json.id).toBe(m.id);
    expect(byName.json.id).toBe(m.id);
    const missing = await h.call<ErrorBody>('GET', '/api/machines/123123123');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({
      code: 'ResourceNotFound',
      message: 'Machine 123123123 was not found',
    });
  });

  it('lists logged-on users and the MDE alerts of a machine', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const alert = tenant?.alerts.find((a) => a.serviceSource === 'microsoftDefenderForEndpoint');
    const machineId = alert?.evidence.find((e) => e['@odata.type'].endsWith('deviceEvidence'))
      ?.mdeDeviceId as string;
    const users = await h.call<Listing<JsonObject>>('GET', `/api/machines/${machineId}/logonusers`);
    expect(users.json.value.length).toBeGreaterThan(0);
    expect(users.json.value[0]?.accountName).toBe(tenant?.usersOf(machineId)[0]?.onPremisesSamAccountName);
    const alerts = await h.call<Listing<JsonObject>>('GET', `/api/machines/${machineId}/alerts`);
    expect(alerts.json.value.map((a) => a.id)).toContain(alert?.id);
    const mine = alerts.json.value.find((a) => a.id === alert?.id);
    const severity = `${alert?.severity.charAt(0).toUpperCase()}${alert?.severity.slice(1)}`;
    expect(mine).toMatchObject({
      machineId,
      incidentId: Number(alert?.incidentId),
      severity,
      title: alert?.title,
    });
    expect((await h.call('GET', '/api/machines/nope/alerts')).status).toBe(404);
    expect((await h.call('GET', '/api/machines/nope/logonusers')).status).toBe(404);
  });

  it('orders with $orderby and projects with $select; unknown names are 400', async () => {
    const h = harness();
    const reply = await h.call<Listing<Partial<Machine>>>(
      'GET',
      '/api/machines?$orderby=computerDnsName desc&$select=id,computerDnsName',
    );
    const names = reply.json.value.map((m) => m.computerDnsName ?? '');
    expect(names).toEqual([...names].sort().reverse());
    expect(Object.keys(reply.json.value[0] ?? {})).toEqual(['id', 'computerDnsName']);
    expect((await h.call<ErrorBody>('GET', '/api/machines?$select=id,secret')).json.error.code).toBe(
      'ODataError',
    );
    expect((await h.call<ErrorBody>('GET', '/api/machines?$orderby=secret')).status).toBe(400);
  });
});
