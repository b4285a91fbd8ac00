import { createJiti } from 'jiti';
import { container, inject, injectable } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { KernelConfigSchema } from '../../src/kernel/config/schema.js';
import { isToolError, ToolError } from '../../src/kernel/errors.js';
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

describe('isToolError across module copies', () => {
  it('recognises a ToolError thrown by another copy of the kernel by its brand', async () => {
    // jiti without its module cache loads a second instance, as it does for a path-imported plugin.
    const jiti = createJiti(import.meta.url, { moduleCache: false });
    const copy = await jiti.import<typeof import('../../src/kernel/errors.js')>('../../src/kernel/errors.ts');
    const foreign = new copy.ToolError('not_found', 'no such incident');
    expect(foreign instanceof ToolError).toBe(false);
    expect(isToolError(foreign)).toBe(true);
  });

  it('does not take a look-alike without the brand or with an unknown code for a ToolError', async () => {
    expect(isToolError({ name: 'ToolError', code: 'not_found', message: 'x' })).toBe(false);
    const branded = { [Symbol.for('mcp-xdr.tool-error')]: true, code: 'made_up', message: 'x' };
    expect(isToolError(branded)).toBe(false);
  });
});
