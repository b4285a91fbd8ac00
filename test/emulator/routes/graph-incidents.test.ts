import { describe, expect, it } from 'vitest';
import type { Alert, Comment, Incident } from '../../../src/emulator/data/model.js';
import { type ErrorBody, harness, type Listing, walk } from './harness.js';

type IncidentWithAlerts = Incident & { alerts?: Alert[] };

describe('Graph /security/incidents', () => {
  it('lists newest first with camelCase enums and walks every page by nextLink', async () => {
    const h = harness();
    const { items, pages, first } = await walk<Incident>(h, '/v1.0/security/incidents?$top=7&$count=true');
    expect(pages).toBe(5);
    expect(first['@odata.count']).toBe(30);
    expect(items.map((i) => i.id)).toEqual(h.world.tenant('contoso')?.incidents.map((i) => i.id));
    const created = items.map((i) => i.createdDateTime);
    expect([...created].sort().reverse()).toEqual(created);
    for (const i of items) {
      expect(['active', 'inProgress', 'resolved', 'redirected']).toContain(i.status);
      expect(['informational', 'low', 'medium', 'high']).toContain(i.severity);
      expect(i.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    }
  });

  it('filters on the documented properties and combines them', async () => {
    const h = harness();
    const all = h.world.tenant('contoso')?.incidents ?? [];
    const reply = await h.call<Listing<Incident>>(
      'GET',
      "/v1.0/security/incidents?$filter=status eq 'active' and severity eq 'high'",
    );
    expect(reply.status).toBe(200);
    const expected = all.filter((i) => i.status === 'active' && i.severity === 'high').map((i) => i.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(reply.json.value.map((i) => i.id)).toEqual(expected);
    const since = all[5]?.createdDateTime ?? '';
    const recent = await h.call<Listing<Incident>>(
      'GET',
      `/v1.0/security/incidents?$filter=createdDateTime ge ${since}`,
    );
    expect(recent.json.value).toHaveLength(6);
    const assigned = await h.call<Listing<Incident>>(
      'GET',
      "/beta/security/incidents?$filter=assignedTo ne null or classification eq 'truePositive'",
    );
    expect(assigned.json.value.length).toBe(
      all.filter((i) => i.assignedTo !== null || i.classification === 'truePositive').length,
    );
  });

  it('answers bad queries with 400 in the Graph envelope', async () => {
    const h = harness();
    for (const query of [
      "$filter=displayName eq 'x'",
      "$filter=status eq 'open'",
      '$filter=status eq',
      '$top=1001',
      '$skip=501',
      '$expand=comments',
    ]) {
      const reply = await h.call<ErrorBody>('GET', `/v1.0/security/incidents?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.error.code).toBe('BadRequest');
      expect(reply.json.error.innerError?.['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('expands alerts on list and get', async () => {
    const h = harness();
    const list = await h.call<Listing<IncidentWithAlerts>>(
      'GET',
      '/v1.0/security/incidents?$expand=alerts&$top=3',
    );
    for (const i of list.json.value) {
      expect(i.alerts?.length ?? 0).toBeGreaterThan(0);
      for (const a of i.alerts ?? []) expect(a.incidentId).toBe(i.id);
    }
    const id = list.json.value[0]?.id;
    const one = await h.call<IncidentWithAlerts>('GET', `/v1.0/security/incidents/${id}?$expand=alerts`);
    expect(one.json.alerts?.length).toBe(list.json.value[0]?.alerts?.length);
    const plain = await h.call<IncidentWithAlerts>('GET', `/v1.0/security/incidents/${id}`);
    expect(plain.json.alerts).toBeUndefined();
    expect(plain.json.id).toBe(id);
  });

  it('404s an unknown incident', async () => {
    const reply = await harness().call<ErrorBody>('GET', '/v1.0/security/incidents/999999');
    expect(reply.status).toBe(404);
    expect(reply.json.error.code).toBe('itemNotFound');
  });

  it('PATCHes writable fields, normalising enum case, and returns the full incident', async () => {
    const h = harness();
    const target = h.world.tenant('contoso')?.incidents.find((i) => i.status === 'active');
    h.clock.advance(60_000);
    const reply = await h.call<Incident>('PATCH', `/v1.0/security/incidents/${target?.id}`, {
      body: {
        classification: 'TruePositive',
        determination: 'multiStagedAttack',
        status: 'resolved',
        assignedTo: 'soc@contoso.com',
        customTags: ['Demo'],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      id: target?.id,
      classification: 'truePositive',
      determination: 'multiStagedAttack',
      status: 'resolved',
      assignedTo: 'soc@contoso.com',
      customTags: ['Demo'],
    });
    expect(reply.json.displayName).toBe(target?.displayName);
    expect(Date.parse(reply.json.lastUpdateDateTime)).toBe(h.clock.now());
    const again = await h.call<Incident>('GET', `/v1.0/security/incidents/${target?.id}`);
    expect(again.json.status).toBe('resolved');
    const alerts = await h.call<Listing<Alert>>('GET', '/v1.0/security/alerts_v2?$top=1000');
    const own = alerts.json.value.filter((a) => a.incidentId === target?.id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((a) => a.status === 'resolved')).toBe(true);
  });

  it.each([
    [{ classification: 'maybe' }, /Requested value 'maybe'/],
    [{ status: 'closed' }, /Requested value 'closed'/],
    [{ status: 'awaitingAction' }, /Requested value 'awaitingAction'/],
    [{ severity: 'high' }, /severity/],
    [{ displayName: 'renamed' }, /displayName/],
    [{ customTags: 'Demo' }, /array of strings/],
    [{ assignedTo: 42 }, /string or null/],
    [['status', 'active'], /JSON object/],
  ])('refuses PATCH %j with 400', async (body, message) => {
    const h = harness();
    const id = h.world.tenant('contoso')?.incidents[0]?.id;
    const before = JSON.stringify(h.world.tenant('contoso')?.incidents[0]);
    const reply = await h.call<ErrorBody>('PATCH', `/v1.0/security/incidents/${id}`, { body });
    expect(reply.status).toBe(400);
    expect(reply.json.error.message).toMatch(message);
    expect(JSON.stringify(h.world.tenant('contoso')?.incidents[0])).toBe(before);
  });

  it('adds a comment and returns the whole comment list', async () => {
    const h = harness();
    const incident = h.world.tenant('contoso')?.incidents.find((i) => i.comments.length > 0);
    const before = incident?.comments.length ?? 0;
    const reply = await h.call<Listing<Comment>>(
      'POST',
      `/v1.0/security/incidents/${incident?.id}/comments`,
      {
        body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Demo for docs' },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.json.value).toHaveLength(before + 1);
    expect(reply.json.value.at(-1)).toMatchObject({ comment: 'Demo for docs' });
    expect(reply.json.value.at(-1)?.createdDateTime).toMatch(/Z$/);
    for (const body of [{}, { comment: '' }, { comment: 'x', extra: 1 }]) {
      const bad = await h.call<ErrorBody>('POST', `/v1.0/security/incidents/${incident?.id}/comments`, {
        body,
      });
      expect(bad.status).toBe(400);
    }
    expect(
      (await h.call('POST', '/v1.0/security/incidents/1/comments', { body: { comment: 'x' } })).status,
    ).toBe(404);
  });

  it('keeps tenants apart', async () => {
    const h = harness();
    const contoso = await h.call<Listing<Incident>>('GET', '/v1.0/security/incidents?$top=1');
    const fabrikam = await h.call<Listing<Incident>>('GET', '/v1.0/security/incidents?$top=1', {
      tenant: 'fabrikam',
    });
    expect(contoso.json.value[0]?.tenantId).toBe(h.world.tenant('contoso')?.tenantId);
    expect(fabrikam.json.value[0]?.tenantId).toBe(h.world.tenant('fabrikam')?.tenantId);
  });
});
