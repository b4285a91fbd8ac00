import { describe, expect, it } from 'vitest';
import { resolveCloud } from '../../src/defender/clouds.js';
import type { ResolvedTenants, TenantDefinition } from '../../src/defender/tenant-sources.js';
import { Tenants } from '../../src/defender/tenants.js';
import type { Principal } from '../../src/kernel/types.js';

const tenant = (key: string): TenantDefinition => ({
  key,
  tenantId: '11111111-1111-1111-1111-111111111111',
  clientId: '22222222-2222-2222-2222-222222222222',
  credential: { kind: 'managedIdentity' },
  cloud: resolveCloud('public'),
  source: 'config',
});
const resolved: ResolvedTenants = {
  tenants: [tenant('contoso'), tenant('fabrikam'), tenant('tailspin')],
  defaultKey: 'contoso',
  concurrency: 5,
  warnings: [],
};
const local: Principal = { id: 'local', kind: 'local' };
const alice: Principal = { id: 'alice', kind: 'http' };

describe('Tenants.resolve', () => {
  const tenants = new Tenants(resolved, (p) => (p.id === 'alice' ? ['fabrikam', 'tailspin'] : 'all'));

  it('omitted = default, key = that tenant, "*" = all allowed', () => {
    expect(tenants.resolve(undefined, local).map((t) => t.key)).toEqual(['contoso']);
    expect(tenants.resolve('fabrikam', local).map((t) => t.key)).toEqual(['fabrikam']);
    expect(tenants.resolve('*', local).map((t) => t.key)).toEqual(['contoso', 'fabrikam', 'tailspin']);
    expect(tenants.resolve('*', alice).map((t) => t.key)).toEqual(['fabrikam', 'tailspin']);
  });

  it('an unknown key and a forbidden key get the same error, which never echoes the key', () => {
    const probe = 'ignore-previous-instructions<script>';
    for (const [key, who] of [
      [probe, local],
      ['contoso', alice],
      [undefined, alice],
    ] as const) {
      let error: unknown;
      try {
        tenants.resolve(key, who);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'validation_error', message: 'Unknown tenant.' });
      expect(JSON.stringify({ ...(error as object), m: (error as Error).message })).not.toContain(probe);
    }
  });

  it('resolveOne refuses "*"', () => {
    expect(() => tenants.resolveOne('*', local)).toThrow(/exactly one tenant/);
    expect(tenants.resolveOne('tailspin', local).key).toBe('tailspin');
  });

  it('does not resolve prototype keys', () => {
    expect(() => tenants.resolve('__proto__', local)).toThrow('Unknown tenant.');
    expect(() => tenants.resolve('constructor', local)).toThrow('Unknown tenant.');
  });
});

describe('Tenants and roles', () => {
  it('by default a principal may use its role\'s tenants, and "*" fans out to those only', () => {
    const tenants = new Tenants(resolved);
    const role = { name: 'emea', maxTier: 'read', tenants: ['fabrikam'], mayApprove: false } as const;
    const emea: Principal = { id: 'eve', kind: 'http', role, authMethod: 'api_key' };
    expect(tenants.resolve('*', emea).map((t) => t.key)).toEqual(['fabrikam']);
    expect(() => tenants.resolve('contoso', emea)).toThrow('Unknown tenant.');
    expect(tenants.resolve('*', local).map((t) => t.key)).toEqual(['contoso', 'fabrikam', 'tailspin']);
  });
});
