import { container, inject, injectable } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { KernelConfigSchema } from '../../src/kernel/config/schema.js';
import { ToolError } from '../../src/kernel/errors.js';
import { isAbove } from '../../src/kernel/risk.js';

const GREETING = Symbol('greeting');

@injectable()
class Greeter {
  constructor(@inject(GREETING) readonly greeting: string) {}
}

describe('kernel contract', () => {
  it('resolves constructor parameters by explicit token without decorator metadata', () => {
    const child = container.createChildContainer();
    child.register(GREETING, { useValue: 'hello' });
    expect(child.resolve(Greeter).greeting).toBe('hello');
  });

  it('keeps the ToolError code, wait and hint', () => {
    const error = new ToolError('rate_limited', 'slow down', { retryAfter: 3, hint: 'wait' });
    expect([error.code, error.retryAfter, error.hint]).toEqual(['rate_limited', 3, 'wait']);
  });

  it('orders tiers read < write < destructive', () => {
    expect(isAbove('destructive', 'write')).toBe(true);
    expect(isAbove('read', 'write')).toBe(false);
  });

  it('defaults a deployment to read-only and rejects unknown keys', () => {
    expect(KernelConfigSchema.parse({}).policy.maxTier).toBe('read');
    expect(KernelConfigSchema.safeParse({ polcy: {} }).success).toBe(false);
  });
});
