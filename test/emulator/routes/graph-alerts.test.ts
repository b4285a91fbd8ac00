import { describe, expect, it } from 'vitest';
import type { Alert, Comment } from '../../../src/emulator/data/model.js';
import { type ErrorBody, harness, type Listing, walk } from './harness.js';

describe('Graph /security/alerts_v2', () => {
  it('walks all alerts with nextLink (Graph paging goes past the $skip limit) and $count', async () => {
    const h = harness();
    const { items, pages, first } = await walk<Alert>(h, '/v1.0/security/alerts_v2?$top=4&$count=true');
    const all = h.world.tenant('contoso')?.alerts ?? [];
    expect(first['@odata.count']).toBe(all.length);
    expect(pages).toBe(Math.ceil(all.length / 4));
    expect(items.map((a) => a.id)).toEqual(all.map((a) => a.id));
  });

  it('filters by serviceSource, severity and status', async () => {
    const h = harness();
    const all = h.world.tenant('contoso')?.alerts ?? [];
    const reply = await h.call<Listing<Alert>>(
      'GET',
      "/v1.0/security/alerts_v2?$filter=serviceSource eq 'microsoftDefenderForOffice365' or (severity eq 'high' and status eq 'new')",
    );
    const expected = all.filter(
      (a) =>
        a.serviceSource === 'microsoftDefenderForOffice365' || (a.severity === 'high' && a.status === 'new'),
    );
    expect(reply.json.value.map((a) => a.id)).toEqual(expected.map((a) => a.id));
    const bad = await h.call<ErrorBody>('GET', "/v1.0/security/alerts_v2?$filter=serviceSource eq 'splunk'");
    expect(bad.status).toBe(400);
  });

  it('gets one alert with its evidence and 404s an unknown one', async () => {
    const h = harness();
    const id = h.world.tenant('contoso')?.alerts[0]?.id ?? '';
    const reply = await h.call<Alert>('GET', `/v1.0/security/alerts_v2/${id}`);
    expect(reply.status).toBe(200);
    expect(reply.json.id).toBe(id);
    expect(reply.json.evidence.length).toBeGreaterThan(0);
    const missing = await h.call<ErrorBody>('GET', '/v1.0/security/alerts_v2/da000000000000000000_1');
    expect(missing.status).toBe(404);
  });

  it('PATCHes status, classification, determination, assignedTo and nothing else', async () => {
    const h = harness();
    const id = h.world.tenant('contoso')?.alerts.find((a) => a.status === 'new')?.id;
    const reply = await h.call<Alert>('PATCH', `/v1.0/security/alerts_v2/${id}`, {
      body: {
        assignedTo: 'secAdmin@contoso.onmicrosoft.com',
        classification: 'truePositive',
        determination: 'malware',
        status: 'inProgress',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      id,
      status: 'inProgress',
      determination: 'malware',
      assignedTo: 'secAdmin@contoso.onmicrosoft.com',
    });
    const resolved = await h.call<Alert>('PATCH', `/v1.0/security/alerts_v2/${id}`, {
      body: { status: 'resolved' },
    });
    expect(resolved.json.resolvedDateTime).not.toBeNull();
    const readOnly = await h.call<ErrorBody>('PATCH', `/v1.0/security/alerts_v2/${id}`, {
      body: { title: 'x' },
    });
    expect(readOnly.status).toBe(400);
    const badEnum = await h.call<ErrorBody>('PATCH', `/v1.0/security/alerts_v2/${id}`, {
      body: { status: 'active' },
    });
    expect(badEnum.status).toBe(400);
  });

  it('returns the whole comment list after a comment', async () => {
    const h = harness();
    const alert = h.world.tenant('contoso')?.alerts.find((a) => a.comments.length > 0);
    const id = alert?.id;
    const before = alert?.comments.map((c) => c.comment) ?? [];
    expect(before.length).toBeGreaterThan(0);
    await h.call('POST', `/v1.0/security/alerts_v2/${id}/comments`, { body: { comment: 'test' } });
    const reply = await h.call<Listing<Comment>>('POST', `/v1.0/security/alerts_v2/${id}/comments`, {
      body: { comment: 'Demo for docs' },
    });
    expect(reply.json.value.map((c) => c.comment)).toEqual([...before, 'test', 'Demo for docs']);
    expect(reply.json['@odata.context']).toContain(`alerts_v2('${id}')/comments`);
  });
});
