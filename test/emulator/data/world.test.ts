import { describe, expect, it } from 'vitest';
import { createWorld } from '../../../src/emulator/data/world.js';

const clock = { now: () => Date.parse('2026-11-21T08:00:00Z') };

describe('createWorld', () => {
  it('seeds contoso and fabrikam by default with ids derived from the seed', () => {
    const a = createWorld({ seed: 7, clock });
    const b = createWorld({ seed: 7, clock });
    const c = createWorld({ seed: 8, clock });
    expect(a.tenants.map((t) => t.key)).toEqual(['contoso', 'fabrikam']);
    expect(a.tenants.map((t) => t.tenantId)).toEqual(b.tenants.map((t) => t.tenantId));
    expect(a.tenants[0]?.tenantId).not.toBe(c.tenants[0]?.tenantId);
    expect(a.tenants[0]?.tenantId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.tenant('contoso')).toBe(a.tenants[0]);
    expect(a.tenant(a.tenants[1]?.tenantId.toUpperCase() ?? '')).toBe(a.tenants[1]);
    expect(a.tenant('nope')).toBeUndefined();
  });
});
