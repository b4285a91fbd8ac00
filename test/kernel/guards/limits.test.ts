import { describe, expect, it } from 'vitest';
import { type GuardTarget, isToolError, ResponseLimits, type ToolError } from '../../../src/kernel/index.js';
import { MemoryStateStore } from '../../../src/kernel/state/memory.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const device = (id: string): GuardTarget => ({ id, label: `device ${id}` });
const A = device('a'.repeat(40));
const B = device('b'.repeat(40));

function setup() {
  const clock = new FakeClock();
  const store = new MemoryStateStore({ clock });
  return { clock, store, limits: new ResponseLimits(store, clock) };
}

async function refusal(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isToolError(error)) throw new Error(`expected a ToolError, got ${String(error)}`);
  return error;
}

const isolation = { tenant: 't1', group: 'isolation', cooldownSeconds: 60 };

describe('ResponseLimits cooldowns', () => {
  it('refuses the same group on the same target within the cooldown, with retryAfter', async () => {
    const { clock, limits } = setup();
    await limits.claimOne(isolation, A);
    clock.advance(20_000);
    const error = await refusal(limits.claimOne(isolation, A));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfter).toBe(40);
    expect(error.details).toMatchObject({ reason: 'cooldown', group: 'isolation' });
    // The preview check sees the same refusal without consuming anything.
    expect((await limits.check(isolation, [A]))[0]?.error.retryAfter).toBe(40);
    clock.advance(40_000);
    await expect(limits.claimOne(isolation, A)).resolves.toBeDefined();
  });

  it('keys by tenant, group and target: another device, tenant or group is free', async () => {
    const { limits } = setup();
    await limits.claimOne(isolation, A);
    await limits.claimOne(isolation, B);
    await limits.claimOne({ ...isolation, tenant: 't2' }, A);
    await limits.claimOne({ ...isolation, group: 'av-scan' }, A);
    // Target ids are compared case-insensitively (Defender ids are hex in either case).
    expect((await refusal(limits.claimOne(isolation, device('A'.repeat(40))))).code).toBe('rate_limited');
  });

  it('release after a definite failure frees the cooldown and the cap count', async () => {
    const { limits } = setup();
    const spec = { ...isolation, cap: { kind: 'destructive device', perHour: 1 } };
    const claim = await limits.claimOne(spec, A);
    await claim.release(A);
    await claim.release(A); // twice is harmless: counted once
    await expect(limits.claimOne(spec, A)).resolves.toBeDefined();
    expect((await refusal(limits.claimOne(spec, B))).details).toMatchObject({ reason: 'cap', left: 0 });
  });
});

describe('ResponseLimits hourly cap', () => {
  const capped = {
    tenant: 't1',
    group: 'isolation',
    cooldownSeconds: 0,
    cap: { kind: 'destructive device', perHour: 3 },
  };

  it('counts each target of a bulk claim and refuses a claim that would pass the cap, claiming nothing', async () => {
    const { clock, limits } = setup();
    const first = await limits.claim(capped, [A, B]);
    expect(first.admitted).toHaveLength(2);
    const targets = [device('c'.repeat(40)), device('d'.repeat(40))];
    const error = await refusal(limits.claim(capped, targets));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain('leaves 1');
    expect(error.retryAfter).toBe(3600);
    // The refused bulk consumed nothing: one more still fits.
    await expect(limits.claim(capped, [targets[0] as GuardTarget])).resolves.toMatchObject({ refused: [] });
    await expect(limits.check(capped, [A])).rejects.toMatchObject({ code: 'rate_limited' });
    clock.advance(3_600_000);
    await expect(limits.check(capped, [A, B, A])).resolves.toEqual([]);
  });

  it('is per tenant', async () => {
    const { limits } = setup();
    await limits.claim(capped, [A, B, device('c'.repeat(40))]);
    await expect(limits.claim({ ...capped, tenant: 't2' }, [A])).resolves.toMatchObject({ refused: [] });
  });

  it('refuses cooling targets one by one in a bulk claim and counts only the admitted ones', async () => {
    const { limits } = setup();
    const spec = { ...capped, cooldownSeconds: 60 };
    await limits.claimOne(spec, A);
    const claim = await limits.claim(spec, [A, B]);
    expect(claim.admitted.map((t) => t.id)).toEqual([B.id]);
    expect(claim.refused.map((r) => [r.target.id, r.error.code])).toEqual([[A.id, 'rate_limited']]);
    // 2 counted of 3: one more device fits, two do not.
    await expect(limits.check(spec, [device('c'.repeat(40)), device('d'.repeat(40))])).rejects.toMatchObject({
      code: 'rate_limited',
    });
  });

  it('shares counts between two instances over one store (replicas)', async () => {
    const { clock, store } = setup();
    const one = new ResponseLimits(store, clock);
    const two = new ResponseLimits(store, clock);
    await one.claimOne(isolation, A);
    expect((await refusal(two.claimOne(isolation, A))).code).toBe('rate_limited');
  });
});
