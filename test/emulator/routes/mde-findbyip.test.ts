import { describe, expect, it } from 'vitest';
import type { Machine } from '../../../src/emulator/data/model.js';
import { type ErrorBody, harness, type Listing } from './harness.js';

const path = (ip: string, at: string) => `/api/machines/findbyip(ip='${ip}',timestamp=${at})`;

describe('MDE findbyip', () => {
  it('finds the machines seen with an internal IP within 15 minutes of the time', async () => {
    const h = harness();
    const m = h.world.tenant('contoso')?.machines[3] as Machine;
    const seen = await h.call<Listing<Machine>>(
      'GET',
      path(m.lastIpAddress, m.lastSeen.replace(/\.\d+Z$/, 'Z')),
    );
    expect(seen.status).toBe(200);
    expect(seen.json.value.map((x) => x.id)).toContain(m.id);
    // Two hours after its last sighting the machine is no longer "seen" with the address.
    const later = new Date(Date.parse(m.lastSeen) + 2 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const gone = await h.call<Listing<Machine>>('GET', path(m.lastIpAddress, later));
    expect(gone.json.value.map((x) => x.id)).not.toContain(m.id);
  });

  it('answers 400 for a time more than 30 days ago or a malformed call', async () => {
    const h = harness();
    const old = new Date(h.clock.now() - 40 * 86_400_000).toISOString();
    const reply = await h.call<ErrorBody>('GET', path('10.0.0.1', old));
    expect(reply.status).toBe(400);
    expect(reply.json.error.code).toBe('InvalidInput');
    expect((await h.call('GET', "/api/machines/findbyip(ip='10.0.0.1')")).status).toBe(400);
  });
});
