import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import type { Route } from '../../src/emulator/routing.js';
import { type EmulatorFiles, tenantsSection, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;
let calls = 0;
let retryAfter: (now: number) => string = () => '1';

/** The emulator's fault injector sends numeric Retry-After only; this route sends the HTTP-date form. */
const dateThrottled: Route = {
  method: 'GET',
  pattern: '/v1.0/test/throttled',
  api: 'graph',
  roles: [],
  handler() {
    calls++;
    if (calls % 2 === 1) {
      return {
        status: 429,
        headers: { 'Retry-After': retryAfter(Date.now()) },
        body: { error: { code: 'TooManyRequests', message: 'x' } },
      };
    }
    return { status: 200, body: { ok: true } };
  },
};

beforeAll(async () => {
  emulator = await startEmulator({ seed: 37, extraRoutes: [dateThrottled] });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'secret'), {
    env: files.env,
    onWarning: () => undefined,
    retry: { baseDelayMs: 100, maxDelayMs: 4000 },
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

const call = () =>
  layer.api.call(layer.tenants.get('contoso'), {
    api: 'graph',
    method: 'GET',
    path: '/v1.0/test/throttled',
    idempotent: true,
    budget: { bucket: 'graph' },
    schema: z.looseObject({ ok: z.boolean() }),
  });

describe('Retry-After as an HTTP-date, over real HTTPS', () => {
  it('waits until the date, then succeeds', async () => {
    retryAfter = (now) => new Date(Math.ceil(now / 1000) * 1000 + 2000).toUTCString();
    const started = Date.now();
    await expect(call()).resolves.toEqual({ ok: true });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThan(3900);
  });

  it('a malformed value falls back to short jittered backoff', async () => {
    retryAfter = () => 'tomorrow-ish';
    const started = Date.now();
    await expect(call()).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an absurd date (next year) is not slept through: capped backoff instead', async () => {
    retryAfter = (now) => new Date(now + 365 * 86_400_000).toUTCString();
    const started = Date.now();
    await expect(call()).resolves.toEqual({ ok: true });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
