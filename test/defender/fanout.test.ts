import { describe, expect, it } from 'vitest';
import { fanOut } from '../../src/defender/fanout.js';
import { ToolError } from '../../src/kernel/errors.js';

const tenants = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `t${i}` }));
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fanOut', () => {
  it('bounds concurrency and keeps input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await fanOut(
      tenants(12),
      async (t) => {
        running++;
        peak = Math.max(peak, running);
        await tick(5 + (Number(t.key.slice(1)) % 3) * 3);
        running--;
        return t.key.toUpperCase();
      },
      { concurrency: 3 },
    );
    expect(peak).toBe(3);
    expect(out.map((r) => r.tenant)).toEqual(tenants(12).map((t) => t.key));
    expect(out.every((r) => r.ok && r.value === r.tenant.toUpperCase())).toBe(true);
  });

  it('reports one failure in place; the others succeed', async () => {
    const out = await fanOut(tenants(4), async (t) => {
      if (t.key === 't2') throw new ToolError('unavailable', 'Token endpoint unavailable for this tenant.');
      return 1;
    });
    expect(out[2]).toEqual({
      tenant: 't2',
      ok: false,
      error: { code: 'unavailable', message: 'Token endpoint unavailable for this tenant.' },
    });
    expect(out.filter((r) => r.ok)).toHaveLength(3);
  });

  it('labels with our key, never upstream data, and hides internal error text', async () => {
    const out = await fanOut([{ key: 'contoso' }], async () => {
      throw new Error('secret detail: password=hunter2');
    });
    expect(out[0]).toEqual({
      tenant: 'contoso',
      ok: false,
      error: { code: 'internal_error', message: 'This tenant failed with an internal error.' },
    });
  });

  it('reports progress as tenants finish', async () => {
    const seen: [number, number, string][] = [];
    await fanOut(tenants(3), async (t) => t, { onProgress: (d, n, k) => void seen.push([d, n, k]) });
    expect(seen.map(([d, n]) => [d, n])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(seen.map(([, , k]) => k).sort()).toEqual(['t0', 't1', 't2']);
  });

  it('cancellation rejects at once, stops new work and aborts running calls', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    let sawAbort = 0;
    const pending = fanOut(
      tenants(10),
      (t, signal) =>
        new Promise((resolve) => {
          started.push(t.key);
          signal.addEventListener('abort', () => {
            sawAbort++;
            resolve(0);
          });
        }),
      { concurrency: 2, signal: controller.signal },
    );
    await tick(10);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await tick(10);
    expect(started).toEqual(['t0', 't1']);
    expect(sawAbort).toBe(2);
  });

  it('an already-aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await expect(
      fanOut(tenants(3), async () => calls++, { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(calls).toBe(0);
  });
});
