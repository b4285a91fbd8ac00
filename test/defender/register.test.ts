import { container, inject, injectable } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/defender/graph.js';
import { DefenderForEndpoint } from '../../src/defender/mde.js';
import {
  DEFENDER_FOR_ENDPOINT,
  GRAPH_CLIENT,
  registerDefender,
  registerDefenderLazily,
  TENANTS,
} from '../../src/defender/register.js';
import { Tenants } from '../../src/defender/tenants.js';

const section = {
  default: 'contoso',
  list: {
    contoso: {
      tenantId: '11111111-1111-1111-1111-111111111111',
      clientId: '22222222-2222-2222-2222-222222222222',
      credential: { kind: 'secret' as const, secretEnv: 'S' },
    },
    fabrikam: {
      tenantId: '33333333-3333-3333-3333-333333333333',
      clientId: '22222222-2222-2222-2222-222222222222',
      credential: { kind: 'managedIdentity' as const },
    },
  },
};

@injectable()
class ByClass {
  constructor(
    @inject(GraphClient) readonly graph: GraphClient,
    @inject(DefenderForEndpoint) readonly mde: DefenderForEndpoint,
    @inject(Tenants) readonly tenants: Tenants,
  ) {}
}

@injectable()
class BySymbol {
  constructor(
    @inject(GRAPH_CLIENT) readonly graph: GraphClient,
    @inject(DEFENDER_FOR_ENDPOINT) readonly mde: DefenderForEndpoint,
    @inject(TENANTS) readonly tenants: Tenants,
  ) {}
}

describe('registerDefender', () => {
  it('lets plugins inject the clients by class or by symbol: the same instances', async () => {
    const child = container.createChildContainer();
    const warnings: string[] = [];
    const layer = registerDefender(child, section, { env: { S: 'x' }, onWarning: (w) => warnings.push(w) });
    try {
      const a = child.resolve(ByClass);
      const b = child.resolve(BySymbol);
      expect(a.graph).toBe(layer.graph);
      expect(b.graph).toBe(layer.graph);
      expect(a.mde).toBe(b.mde);
      expect(a.tenants.resolve(undefined, { id: 'local', kind: 'local' }).map((t) => t.key)).toEqual([
        'contoso',
      ]);
      expect(warnings).toEqual([
        'tenant "contoso": client secret credential; a certificate is the stronger choice',
      ]);
    } finally {
      await layer.close();
    }
  });
});

describe('registerDefenderLazily', () => {
  it('builds nothing until a plugin injects the layer, then shares one instance', async () => {
    const child = container.createChildContainer();
    const lazy = registerDefenderLazily(child, section, { env: { S: 'x' }, onWarning: () => undefined });
    expect(lazy.built()).toBe(false);
    const a = child.resolve(ByClass);
    const b = child.resolve(BySymbol);
    expect(lazy.built()).toBe(true);
    expect(a.graph).toBe(b.graph);
    expect(a.tenants).toBe(b.tenants);
    await lazy.close();
  });

  it('needs no tenant when nothing injects it, and reports the missing tenant when something does', async () => {
    const child = container.createChildContainer();
    const lazy = registerDefenderLazily(child, undefined, { env: {} });
    expect(lazy.built()).toBe(false);
    await lazy.close();
    expect(() => child.resolve(ByClass)).toThrow(/No tenant is configured/);
  });
});
