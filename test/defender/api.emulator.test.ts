import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantsSection, withFault, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 11 });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'pfx'), {
    env: files.env,
    onWarning: () => undefined,
    http: { requestTimeoutMs: 1500 },
    retry: { baseDelayMs: 50, maxDelayMs: 2000 },
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

const contoso = () => layer.tenants.get('contoso');
const someUser = () => {
  const user = emulator.world.tenant('contoso')?.users[3];
  if (!user) throw new Error('no user');
  return user;
};
const userRoute = { tenant: 'contoso', route: 'GET /v1.0/users/:id' };

describe('Graph client over real HTTPS against the emulator', () => {
  it('reads a user by UPN', async () => {
    const user = await layer.graph.getUser(contoso(), someUser().userPrincipalName);
    expect(user.id).toBe(someUser().id);
    expect(user.userPrincipalName).toBe(someUser().userPrincipalName);
  });

  it('maps 404 to not_found without echoing the id', async () => {
    const probe = 'nobody-canary-id@contoso.example';
    const error = await layer.graph.getUser(contoso(), probe).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'not_found',
      message: 'Microsoft Graph (tenant "contoso"): user was not found.',
    });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('nobody-canary-id');
  });

  it('rejects "." and ".." ids instead of walking up the path', async () => {
    await expect(layer.graph.getUser(contoso(), '..')).rejects.toMatchObject({ code: 'validation_error' });
  });

  it.each([
    ['integer', 1],
    ['fractional', 0.3],
  ])('waits out a 429 with a %s Retry-After and succeeds', async (_form, seconds) => {
    emulator.control.counters.reset();
    const started = Date.now();
    const user = await withFault(
      emulator,
      { kind: 'status', status: 429, retryAfter: seconds, api: 'graph', times: 1 },
      () => layer.graph.getUser(contoso(), someUser().id),
    );
    expect(user.id).toBe(someUser().id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(seconds * 1000 - 20);
    expect(emulator.control.counters.requests(userRoute)).toBe(2);
  });

  it('does not sleep past the deadline: rate_limited with the wait instead', async () => {
    emulator.control.counters.reset();
    const error = await withFault(
      emulator,
      { kind: 'status', status: 429, retryAfter: 30, api: 'graph', times: 1 },
      () =>
        layer.graph
          .getUser(contoso(), someUser().id, { deadline: Date.now() + 2000 })
          .catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ code: 'rate_limited', retryAfter: 30 });
    expect(emulator.control.counters.requests(userRoute)).toBe(1);
  });

  it('stops at once when cancelled during a Retry-After wait', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = withFault(
      emulator,
      { kind: 'status', status: 429, retryAfter: 20, api: 'graph' },
      async () => {
        setTimeout(() => controller.abort(), 200);
        return layer.graph
          .getUser(contoso(), someUser().id, { signal: controller.signal, deadline: Date.now() + 60_000 })
          .catch((e: unknown) => e);
      },
    );
    // A 20 s Retry-After exceeds maxDelayMs (2 s): the client reports instead of sleeping; either way, quickly.
    const error = await pending;
    expect(error).toMatchObject({ code: expect.stringMatching(/^(cancelled|rate_limited)$/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('retries an idempotent GET after a connection reset', async () => {
    emulator.control.counters.reset();
    const user = await withFault(emulator, { kind: 'reset', api: 'graph', times: 1 }, () =>
      layer.graph.getUser(contoso(), someUser().id),
    );
    expect(user.id).toBe(someUser().id);
  });

  it('retries 503 and 504, then reports unavailable when they persist', async () => {
    const ok = await withFault(
      emulator,
      { kind: 'status', status: 503, retryAfter: 0, api: 'graph', times: 2 },
      () => layer.graph.getUser(contoso(), someUser().id),
    );
    expect(ok.id).toBe(someUser().id);
    const error = await withFault(emulator, { kind: 'status', status: 504, api: 'graph' }, () =>
      layer.graph.getUser(contoso(), someUser().id).catch((e: unknown) => e),
    );
    expect(error).toMatchObject({
      code: 'unavailable',
      message: 'Microsoft Graph (tenant "contoso") is unavailable (HTTP 504).',
    });
  });

  it('a stalled response times out as timeout', async () => {
    const error = await withFault(emulator, { kind: 'stall', ms: 5000, api: 'graph', times: 1 }, () =>
      layer.graph.getUser(contoso(), someUser().id).catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ code: 'timeout' });
  });

  it('malformed JSON is an upstream_error without the body', async () => {
    const error = await withFault(emulator, { kind: 'malformedJson', api: 'graph', times: 1 }, () =>
      layer.graph.getUser(contoso(), someUser().id).catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ code: 'upstream_error' });
    expect((error as Error).message).not.toContain(someUser().userPrincipalName);
  });

  it('client-side budgets refuse before the request leaves', async () => {
    const l = createDefender(tenantsSection(emulator, files, 'secret'), {
      env: files.env,
      onWarning: () => undefined,
    });
    try {
      emulator.control.counters.reset();
      const results = await Promise.allSettled(
        Array.from({ length: 155 }, () => l.graph.getUser(l.tenants.get('fabrikam'), 'x@y')),
      );
      const limited = results.filter((r) => r.status === 'rejected' && r.reason.code === 'rate_limited');
      expect(limited).toHaveLength(5);
      expect(emulator.control.counters.requests({ tenant: 'fabrikam', route: 'GET /v1.0/users/:id' })).toBe(
        150,
      );
    } finally {
      await l.close();
    }
  });
});

describe('token refresh on 401', () => {
  it('a token Microsoft no longer accepts (clock skew) is dropped and replaced once; the call succeeds', async () => {
    // A client secret: a certificate assertion would itself be refused across a 2-hour skew (AADSTS700024).
    const l = createDefender(tenantsSection(emulator, files, 'secret'), {
      env: files.env,
      onWarning: () => undefined,
    });
    try {
      const user = someUser();
      await l.graph.getUser(l.tenants.get('contoso'), user.id);
      emulator.control.counters.reset();
      emulator.control.clock.advance(2 * 3600_000); // the emulator now sees our cached token as expired
      const again = await l.graph.getUser(l.tenants.get('contoso'), user.id);
      expect(again.id).toBe(user.id);
      expect(emulator.control.counters.tokens({ tenant: 'contoso' })).toBe(1);
      const statuses = emulator.control.counters.snapshot().requests.flatMap((r) => Object.keys(r.byStatus));
      expect(statuses.sort()).toEqual(['200', '200', '401']); // token POST, the refused GET, the retried GET
    } finally {
      await l.close();
    }
  });

  it('a certificate assertion across a large clock skew is refused with the clock hint', async () => {
    const l = createDefender(tenantsSection(emulator, files, 'pfx'), {
      env: files.env,
      onWarning: () => undefined,
    });
    try {
      const error = await l.tokens.getToken('fabrikam', 'graph').catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'unavailable',
        message: 'Tenant "fabrikam": the token request failed (AADSTS700024).',
      });
      expect((error as { hint: string }).hint).toMatch(/clock/);
    } finally {
      await l.close();
    }
  });
});
