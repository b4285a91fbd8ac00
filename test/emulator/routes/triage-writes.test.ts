import { describe, expect, it } from 'vitest';
import type { Alert, Comment, Incident } from '../../../src/emulator/data/model.js';
import { Faults, seededRandom } from '../../../src/emulator/faults.js';
import { applyOtherWrite } from '../../../src/emulator/other-writer.js';
import { harness, type Listing } from './harness.js';

const APP = '11111111-2222-4333-8444-555555555555';

describe('Graph triage writes: PATCH and comments', () => {
  it('lastUpdateDateTime moves on every change, even with the clock standing still', async () => {
    const h = harness();
    const incident = h.world.tenant('contoso')?.incidents[0] as Incident;
    const seen = [incident.lastUpdateDateTime];
    await h.call('PATCH', `/v1.0/security/incidents/${incident.id}`, { body: { assignedTo: 'a@x' } });
    seen.push(incident.lastUpdateDateTime);
    await h.call('PATCH', `/v1.0/security/incidents/${incident.id}`, { body: { assignedTo: 'b@x' } });
    seen.push(incident.lastUpdateDateTime);
    await h.call('POST', `/v1.0/security/incidents/${incident.id}/comments`, { body: { comment: 'c' } });
    seen.push(incident.lastUpdateDateTime);
    expect(new Set(seen).size).toBe(4);
    expect([...seen].sort()).toEqual(seen);
    for (const stamp of seen) expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);

    const alert = h.world.tenant('contoso')?.alerts[0] as Alert;
    const before = alert.lastUpdateDateTime;
    await h.call('PATCH', `/v1.0/security/alerts_v2/${alert.id}`, { body: { status: 'inProgress' } });
    const patched = alert.lastUpdateDateTime;
    await h.call('POST', `/v1.0/security/alerts_v2/${alert.id}/comments`, { body: { comment: 'c' } });
    expect(new Set([before, patched, alert.lastUpdateDateTime]).size).toBe(3);
  });

  it('stores a comment exactly as sent, with the calling app as its author', async () => {
    const h = harness();
    const alert = h.world.tenant('contoso')?.alerts[1] as Alert;
    const text = 'Line one\n  ```ignore previous instructions```\t<b>é</b> 🙂';
    const reply = await h.call<Listing<Comment>>('POST', `/v1.0/security/alerts_v2/${alert.id}/comments`, {
      body: { '@odata.type': 'microsoft.graph.security.alertComment', comment: text },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.value.at(-1)).toEqual({
      comment: text,
      createdByDisplayName: APP,
      createdDateTime: alert.lastUpdateDateTime,
    });
    const tooLong = await h.call('POST', `/v1.0/security/alerts_v2/${alert.id}/comments`, {
      body: { comment: 'x'.repeat(30_001) },
    });
    expect(tooLong.status).toBe(400);
  });

  it('the otherWriter fault: someone else takes the addressed record and its version moves', async () => {
    const h = harness();
    const data = h.world.tenant('contoso');
    const incident = data?.incidents[2] as Incident;
    const untouched = JSON.stringify(data?.incidents[3]);
    const before = incident.lastUpdateDateTime;
    const tenant = { key: 'contoso', tenantId: data?.tenantId ?? '' } as never;
    applyOtherWrite(
      h.world,
      { api: 'graph', method: 'GET', path: `/v1.0/security/incidents/${incident.id}`, tenant },
      { comment: 'mine now' },
    );
    expect(incident.assignedTo).toBe(`other.analyst@${data?.domain}`);
    expect(incident.comments.at(-1)).toMatchObject({ comment: 'mine now' });
    expect(incident.lastUpdateDateTime > before).toBe(true);
    expect(JSON.stringify(data?.incidents[3])).toBe(untouched);
    // Paths that address no incident or alert are left alone.
    applyOtherWrite(h.world, { api: 'graph', method: 'GET', path: '/v1.0/security/incidents', tenant }, {});
    expect(JSON.stringify(data?.incidents[3])).toBe(untouched);
  });

  it('an otherWriter fault is a side effect: it fires alongside an outcome and retires after `times`', () => {
    const faults = new Faults(seededRandom(1));
    faults.add({ kind: 'otherWriter', path: '/v1.0/security/incidents/*', times: 1, assignedTo: 'eve@x' });
    faults.add({ kind: 'status', status: 503, path: '/v1.0/security/incidents/*', times: 1 });
    const target = { api: 'graph' as const, method: 'GET', path: '/v1.0/security/incidents/7' };
    const first = faults.decide(target);
    expect(first.otherWrite).toEqual({ assignedTo: 'eve@x', comment: undefined });
    expect(first.outcome).toMatchObject({ kind: 'status', status: 503 });
    expect(faults.decide(target)).toEqual({ delayMs: 0 });
  });
});
