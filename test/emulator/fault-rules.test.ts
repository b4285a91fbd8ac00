import { describe, expect, it } from 'vitest';
import { Faults, type FaultTarget, inflateBody, seededRandom } from '../../src/emulator/faults.js';

const contoso = {
  key: 'contoso',
  tenantId: '00000000-0000-4000-8000-000000000001',
  domain: 'contoso.onmicrosoft.com',
};
const target = (over: Partial<FaultTarget> = {}): FaultTarget => ({
  api: 'graph',
  method: 'GET',
  path: '/v1.0/security/incidents',
  tenant: contoso,
  ...over,
});

describe('fault rules', () => {
  it('adds latencies up and lets the first outcome fault win', () => {
    const faults = new Faults(seededRandom(1));
    faults.add({ kind: 'latency', ms: 100 });
    faults.add({ kind: 'status', status: 500 });
    faults.add({ kind: 'latency', ms: 50 });
    faults.add({ kind: 'reset' });
    expect(faults.decide(target())).toEqual({ delayMs: 150, outcome: { kind: 'status', status: 500 } });
  });

  it('matches api, method, path glob (case-insensitive) and tenant by key or id', () => {
    const faults = new Faults(seededRandom(1));
    faults.add({
      kind: 'reset',
      api: 'graph',
      method: 'GET',
      path: '/V1.0/security/*',
      tenant: contoso.tenantId,
    });
    expect(faults.decide(target()).outcome).toEqual({ kind: 'reset' });
    expect(faults.decide(target({ api: 'mde' })).outcome).toBeUndefined();
    expect(faults.decide(target({ method: 'PATCH' })).outcome).toBeUndefined();
    expect(faults.decide(target({ path: '/v1.0/users/x' })).outcome).toBeUndefined();
    expect(faults.decide(target({ tenant: undefined })).outcome).toBeUndefined();
  });

  it('retires a times fault after N firings, counting only calls it matched', () => {
    const faults = new Faults(seededRandom(1));
    faults.add({ kind: 'malformedJson', times: 2, api: 'mde' });
    faults.decide(target());
    expect(faults.decide(target({ api: 'mde' })).outcome).toEqual({ kind: 'malformedJson' });
    expect(faults.decide(target({ api: 'mde' })).outcome).toEqual({ kind: 'malformedJson' });
    expect(faults.decide(target({ api: 'mde' })).outcome).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('replays the same rate decisions and jitter for the same seed', () => {
    const run = (seed: number) => {
      const faults = new Faults(seededRandom(seed));
      faults.add({ kind: 'status', status: 503, rate: 0.3 });
      faults.add({ kind: 'latency', ms: 10, jitterMs: 90 });
      return Array.from({ length: 40 }, () => faults.decide(target()));
    };
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(run(43)).not.toEqual(first);
    const fired = first.filter((d) => d.outcome?.kind === 'status').length;
    expect(fired).toBeGreaterThan(3);
    expect(fired).toBeLessThan(25);
    for (const d of first) expect(d.delayMs).toBeGreaterThanOrEqual(10);
    for (const d of first) expect(d.delayMs).toBeLessThanOrEqual(100);
  });

  it('aims a token outage at the login endpoint of one tenant only', () => {
    const faults = new Faults(seededRandom(1));
    faults.add({ kind: 'tokenOutage', tenant: 'contoso' });
    expect(faults.decide(target({ api: 'login' })).outcome).toMatchObject({ kind: 'status', status: 503 });
    expect(faults.decide(target({ api: 'graph' })).outcome).toBeUndefined();
    const fabrikam = { ...contoso, key: 'fabrikam', tenantId: '00000000-0000-4000-8000-000000000002' };
    expect(faults.decide(target({ api: 'login', tenant: fabrikam })).outcome).toBeUndefined();
  });

  it('rejects specs with unknown keys, unknown kinds and out-of-range values', () => {
    const faults = new Faults(seededRandom(1));
    expect(() => faults.add({ kind: 'status', status: 418 } as never)).toThrow();
    expect(() => faults.add({ kind: 'explode' } as never)).toThrow();
    expect(() => faults.add({ kind: 'latency', ms: -1 })).toThrow();
    expect(() => faults.add({ kind: 'reset', rate: 0 })).toThrow();
    expect(() => faults.add({ kind: 'tokenOutage' } as never)).toThrow();
  });
});

describe('inflateBody', () => {
  it('pads a body without a list', () => {
    const inflated = inflateBody({ id: 1 }, 5000) as Record<string, unknown>;
    expect(JSON.stringify(inflated).length).toBeGreaterThanOrEqual(5000);
    expect(inflated.id).toBe(1);
  });

  it('repeats PascalCase Results of MDE hunting', () => {
    const inflated = inflateBody({ Schema: [], Results: [{ A: 1 }] }, 3000) as { Results: unknown[] };
    expect(JSON.stringify(inflated).length).toBeGreaterThanOrEqual(3000);
    expect(inflated.Results.every((r) => JSON.stringify(r) === '{"A":1}')).toBe(true);
  });
});
