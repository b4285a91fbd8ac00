import { describe, expect, it } from 'vitest';
import { createRoutes } from '../../../src/emulator/routes/index.js';
import { harness } from './harness.js';

describe('route catalog', () => {
  const routes = createRoutes(harness().world);

  it('declares api, roles and a quota bucket on every route', () => {
    for (const r of routes) {
      expect(r.roles.length, r.pattern).toBeGreaterThan(0);
      expect(r.quota, r.pattern).toMatch(/^(graph|mde)(:|$)/);
      expect(r.quota?.startsWith(r.api), r.pattern).toBe(true);
      expect(r.pattern.startsWith(r.api === 'graph' ? '/' : '/api/')).toBe(true);
    }
  });

  it('serves every Graph route under /v1.0 and /beta', () => {
    const graph = routes.filter((r) => r.api === 'graph').map((r) => `${r.method} ${r.pattern}`);
    const v1 = graph.filter((g) => g.includes(' /v1.0/'));
    expect(v1.length * 2).toBe(graph.length);
    for (const g of v1) expect(graph).toContain(g.replace(' /v1.0/', ' /beta/'));
  });

  it('gives each Defender for Endpoint API its own bucket (MDE limits per API)', () => {
    const mde = routes.filter((r) => r.api === 'mde' && r.quota !== 'mde:hunting');
    expect(new Set(mde.map((r) => r.quota)).size).toBe(mde.length);
  });

  it('has no two routes with the same method and pattern', () => {
    const keys = routes.map((r) => `${r.method} ${r.pattern.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
