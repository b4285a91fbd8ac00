import { describe, expect, it } from 'vitest';
import { RateBudgets } from '../../src/defender/budget.js';
import type { ToolError } from '../../src/kernel/errors.js';

async function take(
  b: RateBudgets,
  tenant: string,
  bucket: string,
  api = '',
): Promise<ToolError | undefined> {
  try {
    await b.take(tenant, bucket, api);
    return undefined;
  } catch (e) {
    return e as ToolError;
  }
}

describe('RateBudgets (Defender quotas, client side)', async () => {
  it('hunting: 45 a minute per tenant, then rate_limited with the wait', async () => {
    let now = 0;
    const b = new RateBudgets(undefined, () => now);
    for (let i = 0; i < 45; i++) {
      now += 100;
      expect(await take(b, 'contoso', 'hunting')).toBeUndefined();
    }
    const e = await take(b, 'contoso', 'hunting');
    expect(e).toMatchObject({ code: 'rate_limited' });
    // The oldest call (t=100) frees up at t=60,100; now is 4,500.
    expect(e?.retryAfter).toBe(56);
    expect(await take(b, 'fabrikam', 'hunting')).toBeUndefined();
  });

  it('is a sliding window: no double burst across a minute boundary', async () => {
    let now = 59_000;
    const b = new RateBudgets(undefined, () => now);
    for (let i = 0; i < 45; i++) expect(await take(b, 't', 'hunting')).toBeUndefined();
    now = 61_000; // a fixed window would have reset here
    expect(await take(b, 't', 'hunting')).toMatchObject({ code: 'rate_limited' });
    now = 119_001;
    expect(await take(b, 't', 'hunting')).toBeUndefined();
  });

  it('hunting: 1,500 an hour even when each minute stays under 45', async () => {
    let now = 0;
    const b = new RateBudgets(undefined, () => now);
    for (let i = 0; i < 1500; i++) {
      now += 1400; // ~43 a minute
      expect(await take(b, 't', 'hunting')).toBeUndefined();
    }
    now += 1400;
    const e = await take(b, 't', 'hunting');
    expect(e).toMatchObject({ code: 'rate_limited' });
    expect(e?.retryAfter).toBeGreaterThan(0);
  });

  it('MDE: 100 a minute per API, APIs independent', async () => {
    const b = new RateBudgets(undefined, () => 0);
    for (let i = 0; i < 100; i++) expect(await take(b, 't', 'mde', 'machines')).toBeUndefined();
    expect(await take(b, 't', 'mde', 'machines')).toMatchObject({ code: 'rate_limited' });
    expect(await take(b, 't', 'mde', 'isolate')).toBeUndefined();
  });

  it('refused calls do not consume budget; unknown buckets are unlimited', async () => {
    let now = 0;
    const b = new RateBudgets({ x: [{ limit: 1, windowMs: 1000 }] }, () => now);
    expect(await take(b, 't', 'x')).toBeUndefined();
    for (let i = 0; i < 10; i++) expect(await take(b, 't', 'x')).toBeDefined();
    now = 1001;
    expect(await take(b, 't', 'x')).toBeUndefined();
    expect(await take(b, 't', 'other')).toBeUndefined();
  });
});
