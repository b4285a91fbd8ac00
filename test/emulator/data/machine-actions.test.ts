import { describe, expect, it } from 'vitest';
import { ACTION_TIMINGS } from '../../../src/emulator/data/machine-actions.js';
import { createWorld } from '../../../src/emulator/data/world.js';

function setup() {
  let now = Date.parse('2026-11-21T08:00:00Z');
  const world = createWorld({ seed: 4, clock: { now: () => now } });
  return { world, advance: (ms: number) => (now += ms) };
}

describe('machine action store', () => {
  it('seeds finished history only, so nothing is pending at start', () => {
    const { world } = setup();
    for (const t of world.tenants) {
      const history = t.machineActions.list();
      expect(history.length).toBeGreaterThan(0);
      expect(history.every((a) => a.status === 'Succeeded')).toBe(true);
      expect(t.machines.every((m) => t.machineActions.isolation(m.id) === null)).toBe(true);
      expect(history.some((a) => a.type === 'CollectInvestigationPackage')).toBe(true);
    }
  });

  it('queues forced outcomes per tenant and count, in order', () => {
    const { world, advance } = setup();
    world.failNextMachineActions('TimeOut', { tenant: 'fabrikam', count: 2 });
    world.failNextMachineActions('Failed');
    const request = (key: string) => {
      const t = world.tenant(key);
      const machine = t?.machines[0];
      if (!t || !machine) throw new Error('no tenant');
      return t.machineActions.request({
        machine,
        type: 'RunAntiVirusScan',
        scope: 'Quick',
        comment: 'c',
        requestor: 'r',
      }).id;
    };
    const ids = {
      fabrikam: [request('fabrikam'), request('fabrikam'), request('fabrikam'), request('fabrikam')],
      contoso: [request('contoso'), request('contoso')],
    };
    advance(ACTION_TIMINGS.completeAfterMs);
    const status = (key: string, id: string) => world.tenant(key)?.machineActions.get(id)?.status;
    expect(ids.fabrikam.map((id) => status('fabrikam', id))).toEqual([
      'TimeOut',
      'TimeOut',
      'Failed',
      'Succeeded',
    ]);
    expect(ids.contoso.map((id) => status('contoso', id))).toEqual(['Failed', 'Succeeded']);
    expect(() => world.failNextMachineActions('Cancelled', { tenant: 'nobody' })).toThrow(/unknown tenant/);
  });

  it('returns copies: changing a returned action does not change the store', () => {
    const { world } = setup();
    const t = world.tenants[0];
    const first = t?.machineActions.list()[0];
    if (!t || !first) throw new Error('no action');
    first.status = 'Failed';
    expect(t.machineActions.get(first.id)?.status).toBe('Succeeded');
  });
});
