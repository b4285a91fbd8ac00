import { describe, expect, it } from 'vitest';
import { riskTierMiddleware } from '../../../src/kernel/middleware/risk-tier.js';
import { fakeCall, rejection, spyNext } from '../../helpers/fake-tool-call.js';

describe('risk-tier middleware', () => {
  it('refuses a tool above the ceiling and says how to raise it', async () => {
    const next = spyNext();
    const error = await rejection(
      riskTierMiddleware({ maxTier: 'write' })(
        fakeCall({ tool: { name: 'isolate', tier: 'destructive' } }),
        next,
      ),
    );
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('ceiling is write');
    expect((error as unknown as { hint: string }).hint).toContain('maxTier');
    expect(next.calls).toBe(0);
  });

  it('refuses a tool whose tier an operator raised above the ceiling', async () => {
    const next = spyNext();
    const call = fakeCall({ tool: { tier: 'write', declaredTier: 'read' } });
    expect((await rejection(riskTierMiddleware({ maxTier: 'read' })(call, next))).code).toBe('forbidden');
    expect(next.calls).toBe(0);
  });

  it('runs tools at or below the ceiling', async () => {
    const next = spyNext();
    const middleware = riskTierMiddleware({ maxTier: 'write' });
    await middleware(fakeCall({ tool: { tier: 'read' } }), next);
    await middleware(fakeCall({ tool: { tier: 'write' } }), next);
    expect(next.calls).toBe(2);
  });

  it('refuses fan-out to every tenant for a write tool but not for a read tool', async () => {
    const next = spyNext();
    const middleware = riskTierMiddleware({ maxTier: 'destructive' });
    const error = await rejection(middleware(fakeCall({ tool: { tier: 'write' }, tenant: '*' }), next));
    expect(error.code).toBe('validation_error');
    await middleware(fakeCall({ tool: { tier: 'read' }, tenant: '*' }), next);
    expect(next.calls).toBe(1);
  });
});
