import { describe, expect, it } from 'vitest';
import { type ErrorBody, harness, type Listing } from './harness.js';

type Row = Record<string, unknown>;

describe('MDE tenant-wide alerts', () => {
  it('lists every Defender for Endpoint alert in the MDE shape, the same as the machine view', async () => {
    const h = harness();
    const tenant = h.world.tenant('contoso');
    const expected = tenant?.alerts.filter((a) => a.serviceSource === 'microsoftDefenderForEndpoint') ?? [];
    const reply = await h.call<Listing<Row>>('GET', '/api/alerts');
    expect(reply.status).toBe(200);
    expect(reply.json['@odata.context']).toMatch(/#Alerts$/);
    expect(reply.json.value.map((a) => a.id)).toEqual(expected.map((a) => a.providerAlertId));
    const first = reply.json.value[0] as Row;
    expect(first).toMatchObject({
      id: expect.stringMatching(/^da\d+_-?\d+$/),
      incidentId: expect.any(Number),
      status: expect.stringMatching(/^(New|InProgress|Resolved)$/),
      machineId: expect.stringMatching(/^[0-9a-f]{40}$/),
      evidence: [],
    });
    const machineView = await h.call<Listing<Row>>('GET', `/api/machines/${first.machineId}/alerts`);
    const same = machineView.json.value.find((a) => a.id === first.id);
    expect(same).toMatchObject({
      title: first.title,
      severity: first.severity,
      incidentId: first.incidentId,
    });
  });

  it('filters on documented properties and expands evidence', async () => {
    const h = harness();
    const all = await h.call<Listing<Row>>('GET', '/api/alerts');
    const one = all.json.value[0] as Row;
    const byIncident = await h.call<Listing<Row>>(
      'GET',
      `/api/alerts?$filter=incidentId eq ${one.incidentId}`,
    );
    expect(byIncident.json.value.every((a) => a.incidentId === one.incidentId)).toBe(true);
    const high = await h.call<Listing<Row>>(
      'GET',
      "/api/alerts?$filter=severity eq 'High' and status ne 'Resolved'",
    );
    expect(high.json.value.every((a) => a.severity === 'High' && a.status !== 'Resolved')).toBe(true);
    const recent = await h.call<Listing<Row>>(
      'GET',
      `/api/alerts?$filter=alertCreationTime ge ${one.alertCreationTime}&$top=2`,
    );
    expect(recent.json.value.length).toBeLessThanOrEqual(2);
    const expanded = await h.call<Row>('GET', `/api/alerts/${one.id}?$expand=evidence`);
    const evidence = expanded.json.evidence as Row[];
    expect(evidence.length).toBeGreaterThan(0);
    expect(
      evidence.every((e) => typeof e.entityType === 'string' && 'sha1' in e && 'userPrincipalName' in e),
    ).toBe(true);
  });

  it.each([
    ["/api/alerts?$filter=title eq 'x'", 400, 'ODataError'],
    ["/api/alerts?$filter=status eq 'Open'", 400, 'ODataError'],
    ['/api/alerts?$expand=machine', 400, 'ODataError'],
    ['/api/alerts?$top=10001', 400, 'ODataError'],
    ['/api/alerts/da000_1', 404, 'ResourceNotFound'],
  ])('GET %s -> %i %s', async (url, status, code) => {
    const reply = await harness().call<ErrorBody>('GET', url);
    expect(reply.status).toBe(status);
    expect(reply.json.error.code).toBe(code);
  });
});
