import { describe, expect, it } from 'vitest';
import { type HttpResponse, TransportError } from '../../src/defender/http.js';
import { backoffMs, parseRetryAfter, sendWithRetries } from '../../src/defender/retry.js';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const res = (status: number, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  text: '',
});

describe('parseRetryAfter', () => {
  it('reads integer, fractional and HTTP-date forms', () => {
    expect(parseRetryAfter({ 'retry-after': '10' }, NOW)).toBe(10);
    expect(parseRetryAfter({ 'retry-after': '2.128' }, NOW)).toBeCloseTo(2.128);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 21 Nov 2026 10:00:30 GMT' }, NOW)).toBe(30);
    expect(parseRetryAfter({ 'retry-after-ms': '1500' }, NOW)).toBe(1.5);
  });
  it('gives a past date a floor of 1 s (not three retries at once)', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sat, 21 Nov 2026 09:00:00 GMT' }, NOW)).toBe(1);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 21 Nov 2026 10:00:00 GMT' }, NOW)).toBe(1);
  });
  it('rejects malformed and absurd values', () => {
    for (const v of ['soon', '-5', '1e3', '', 'NaN', '99999999', 'Sat, 21 Nov 2099 10:00:30 GMT', '0x10']) {
      expect(parseRetryAfter({ 'retry-after': v }, NOW)).toBeUndefined();
    }
    expect(parseRetryAfter({}, NOW)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('grows and stays under the cap, jittered in [cap/2, cap]', () => {
    expect(backoffMs(0, 500, 30_000, () => 0)).toBe(250);
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffMs(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});

function harness(responses: (HttpResponse | Error)[]) {
  let clock = NOW;
  const sleeps: number[] = [];
  let calls = 0;
  const send = async () => {
    const next = responses[Math.min(calls++, responses.length - 1)] as HttpResponse | Error;
    if (next instanceof Error) throw next;
    return next;
  };
  const opts = {
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock += ms;
    },
  };
  return { send, opts, sleeps, calls: () => calls };
}

describe('sendWithRetries', () => {
  it('waits exactly the Retry-After of each form, then succeeds', async () => {
    for (const [header, expected] of [
      ['3', 3000],
      ['0.25', 250],
      ['Sat, 21 Nov 2026 10:00:07 GMT', 7000],
    ] as const) {
      const h = harness([res(429, { 'retry-after': header }), res(200)]);
      const out = await sendWithRetries(true, h.send, h.opts);
      expect(out.status).toBe(200);
      expect(h.sleeps).toEqual([expected]);
    }
  });
  it('falls back to capped jittered backoff on a malformed header', async () => {
    const h = harness([res(503, { 'retry-after': 'later' }), res(504), res(200)]);
    await sendWithRetries(true, h.send, { ...h.opts, baseDelayMs: 400, maxDelayMs: 1000 });
    expect(h.sleeps).toEqual([300, 600]);
  });
  it('never retries a state-changing request', async () => {
    const h = harness([res(503), res(200)]);
    expect((await sendWithRetries(false, h.send, h.opts)).status).toBe(503);
    expect(h.calls()).toBe(1);
    const r = harness([new TransportError('reset', 'reset'), res(200)]);
    await expect(sendWithRetries(false, r.send, r.opts)).rejects.toThrow(TransportError);
    expect(r.calls()).toBe(1);
  });
  it('retries a connection reset on an idempotent request', async () => {
    const h = harness([new TransportError('reset', 'reset'), res(200)]);
    expect((await sendWithRetries(true, h.send, h.opts)).status).toBe(200);
    expect(h.calls()).toBe(2);
  });
  it('does not retry timeouts or other statuses', async () => {
    const h = harness([new TransportError('timeout', 't'), res(200)]);
    await expect(sendWithRetries(true, h.send, h.opts)).rejects.toThrow('t');
    const g = harness([res(500), res(200)]);
    expect((await sendWithRetries(true, g.send, g.opts)).status).toBe(500);
  });
  it('returns the last 429 instead of sleeping past the deadline', async () => {
    const h = harness([res(429, { 'retry-after': '20' }), res(200)]);
    const out = await sendWithRetries(true, h.send, { ...h.opts, deadline: NOW + 5000 });
    expect(out.status).toBe(429);
    expect(h.sleeps).toEqual([]);
  });
  it('returns the last response after max attempts', async () => {
    const h = harness([res(429, { 'retry-after': '1' })]);
    const out = await sendWithRetries(true, h.send, { ...h.opts, maxAttempts: 3 });
    expect(out.status).toBe(429);
    expect(h.calls()).toBe(3);
  });
  it('stops at once when cancelled during a long wait', async () => {
    const controller = new AbortController();
    let calls = 0;
    const send = async () => {
      calls++;
      return res(429, { 'retry-after': '25' });
    };
    const started = Date.now();
    const pending = sendWithRetries(true, send, { signal: controller.signal, maxDelayMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toBe(1);
  });
});
