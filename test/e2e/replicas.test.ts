import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEmulatedTenants } from '../../src/cli/sandbox/emulated-tenants.js';
import { type CredentialFolder, writeCredentialFolder } from '../../src/emulator/cli-files.js';
import type { Machine } from '../../src/emulator/data/model.js';
import type { TenantData } from '../../src/emulator/data/world.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { KILL_SWITCH_API_PATH } from '../../src/kernel/approvals/console-routes.js';
import { LOCAL_LIMITS_META_KEY } from '../../src/kernel/middleware/rate-limit.js';
import { CLI } from '../cli/run-cli.js';
import { type Deployment, startDeployment } from '../fixtures/replicas/deployment.js';
import { roomFor } from '../helpers/rates.js';
import { actionsSince, errorOf, textOf, tokenOf, workstations } from '../plugins/devices/support.js';

/** Per tenant and principal, get_hunting_schema admits this many calls a minute. */
const LIMIT = 4;

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

/** A scan of `machine` previewed through `client`: its arguments, token, and when it started. */
async function previewScan(client: Client, machine: Machine | undefined, why: string) {
  if (machine === undefined) throw new Error('not enough seeded workstations');
  const since = Date.now() - 1000;
  const args = { machineId: machine.id, comment: `replicas e2e: ${why}` };
  const preview = await call(client, 'run_av_scan', args);
  const token = tokenOf(preview);
  expect(token, textOf(preview)).toBeDefined();
  return { machine, since, args, token };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `ms` pass. */
async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A real team deployment on this machine: redis-server, three `mcp-xdr serve` processes (HTTP, API
 * keys, one shared confirmation secret, Redis state) and nginx in front, against the emulator. Every
 * check goes through nginx; the emulator's record is the oracle for what reached "Microsoft".
 */
describe('three replicas behind nginx sharing one Redis', () => {
  let emulator: RunningEmulator;
  let files: CredentialFolder;
  let deployment: Deployment;
  let contoso: TenantData;
  let machines: Machine[];
  const clients: Client[] = [];
  /** A client session on each replica, by replica id. */
  const on: Record<string, Client> = {};

  /** Turns the kill switch on or off through the console's JSON API at `base`, as an approver; the new state. */
  const flipKillSwitch = async (base: URL, on: boolean) => {
    const response = await fetch(new URL(KILL_SWITCH_API_PATH, base), {
      method: 'POST',
      headers: { 'x-api-key': deployment.approverKey, 'content-type': 'application/json' },
      body: JSON.stringify({ on, reason: on ? 'replicas e2e' : 'all clear' }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };
  /** One replica directly, not through nginx. */
  const replicaUrl = (id: string) =>
    new URL(`http://127.0.0.1:${deployment.replicas.find((r) => r.id === id)?.port}/`);

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: 17,
      machineActionTimings: { inProgressAfterMs: 100, completeAfterMs: 300 },
    });
    files = await writeCredentialFolder(emulator);
    const { tenants, env } = await readEmulatedTenants(files);
    contoso = emulator.world.tenant('contoso') as TenantData;
    machines = workstations(contoso);
    deployment = await startDeployment({
      cli: CLI,
      replicas: 3,
      tenants,
      env,
      plugins: {
        devices: { options: { followSeconds: 1, pollMs: 100, cooldownSeconds: 600, hourlyCap: 100 } },
        hunting: true,
      },
      policy: {
        // Room for the loops below (the hunting quota test, the write polls), one limit under test.
        rateLimits: {
          tools: { ...roomFor('run_hunting_query', 'run_av_scan'), get_hunting_schema: { perMinute: LIMIT } },
        },
      },
    });
    for (const id of ['r1', 'r2', 'r3']) {
      on[id] = await deployment.connect({ replica: id });
      clients.push(on[id]);
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await deployment?.close();
    await emulator?.stop();
    if (files) await rm(files.folder, { recursive: true, force: true });
  }, 120_000);

  it('spreads new sessions over the replicas and keeps each on its own', async () => {
    for (const id of ['r1', 'r2', 'r3']) {
      const result = await call(on[id] as Client, 'get_device_actions', { machineId: machines[0]?.id });
      expect(result.isError, textOf(result)).toBeFalsy();
    }
  });

  it(`a per-tenant limit of ${LIMIT} admits exactly ${LIMIT} of ${3 * LIMIT} simultaneous calls`, async () => {
    const results = await Promise.all(
      ['r1', 'r2', 'r3'].flatMap((id) =>
        Array.from({ length: LIMIT }, () => call(on[id] as Client, 'get_hunting_schema')),
      ),
    );
    const admitted = results.filter((r) => !r.isError);
    expect(admitted).toHaveLength(LIMIT);
    for (const refused of results.filter((r) => r.isError)) {
      expect(errorOf(refused).code).toBe('rate_limited');
      expect(errorOf(refused).retryAfter).toBeGreaterThan(0);
    }
  });

  it("Defender's hunting quota (45 a minute per tenant) holds across the replicas: 45 of 48 reach the emulator", async () => {
    emulator.control.counters.reset();
    const replicaIds = ['r1', 'r2', 'r3'];
    const results = await Promise.all(
      Array.from({ length: 48 }, (_, i) =>
        call(on[replicaIds[i % 3] as string] as Client, 'run_hunting_query', {
          query: 'DeviceInfo | take 1',
        }),
      ),
    );
    const refused = results.filter((r) => r.isError);
    expect(results.length - refused.length, refused.map(textOf).join('\n---\n')).toBe(45);
    for (const result of refused) {
      expect(errorOf(result).code).toBe('rate_limited');
      expect(textOf(result)).toContain('hunting budget for tenant "contoso" is used up');
    }
    const reached = emulator.control.counters
      .snapshot()
      .requests.filter((c) => c.tenant === 'contoso' && /huntingquery|advancedqueries/i.test(c.route))
      .reduce((sum, c) => sum + c.count, 0);
    expect(reached).toBe(45);
  }, 120_000);

  it('a confirmation token redeemed through one replica is refused through another; a cooldown set through one holds on the others', async () => {
    const { machine, since, args, token } = await previewScan(on.r1 as Client, machines[1], 'token');
    const run = await call(on.r2 as Client, 'run_av_scan', { ...args, confirmationToken: token });
    expect(run.isError, textOf(run)).toBeFalsy();
    const replay = await call(on.r3 as Client, 'run_av_scan', { ...args, confirmationToken: token });
    expect(errorOf(replay).code).toBe('confirmation_required');
    expect(textOf(replay)).toContain('already been used');

    // The same action on the same device, through the two other replicas: the cooldown holds.
    for (const id of ['r3', 'r1']) {
      const again = await call(on[id] as Client, 'run_av_scan', { ...args, comment: `again via ${id}` });
      const answer =
        again.isError || tokenOf(again) === undefined
          ? again
          : await call(on[id] as Client, 'run_av_scan', {
              ...args,
              comment: `again via ${id}`,
              confirmationToken: tokenOf(again),
            });
      expect(answer.isError, textOf(answer)).toBe(true);
      expect(errorOf(answer).code).toBe('rate_limited');
      expect(textOf(answer)).toMatch(/was acted on \(av-scan\) less than 600 s ago/);
    }
    expect(actionsSince(contoso, machine.id, since)).toHaveLength(1);
  }, 60_000);

  it('the kill switch turned on through one replica stops writes on all within 2 s; reads go on; off lets writes through again', async () => {
    const machine = machines[4];
    if (machine === undefined) throw new Error('not enough seeded workstations');
    const since = Date.now() - 1000;
    const args = { machineId: machine.id, comment: 'replicas e2e: kill switch' };
    // Each replica has just read the switch as off (its cache is warm): the flip has to reach it.
    const early = await previewScan(on.r3 as Client, machine, 'kill switch');
    for (const id of ['r2', 'r3'])
      expect(tokenOf(await call(on[id] as Client, 'run_av_scan', args))).toBeDefined();

    emulator.control.calls.clear();
    const flippedAt = Date.now();
    const flipped = await flipKillSwitch(replicaUrl('r1'), true);
    expect(flipped).toMatchObject({ on: true, by: 'approver', reason: 'replicas e2e' });
    // The replica that flipped it obeys at once.
    const atOnce = await call(on.r1 as Client, 'run_av_scan', args);
    expect(errorOf(atOnce).code).toBe('forbidden');

    // The others: each refuses every change begun at most 2 s after the flip, and from then on.
    const refusedAfter = await Promise.all(
      ['r2', 'r3'].map(async (id) => {
        for (;;) {
          const startedAt = Date.now() - flippedAt;
          const result = await call(on[id] as Client, 'run_av_scan', args);
          if (result.isError) {
            expect(errorOf(result).code, textOf(result)).toBe('forbidden');
            expect(textOf(result)).toContain('kill switch on: replicas e2e');
            return startedAt;
          }
          expect(startedAt, `${id} still previews a change ${startedAt} ms after the flip`).toBeLessThan(
            2000,
          );
          await sleep(50);
        }
      }),
    );
    for (const ms of refusedAfter) expect(ms).toBeLessThan(2000);
    // A token previewed before the flip does not get through either; reads still work.
    const confirmed = await call(on.r2 as Client, 'run_av_scan', { ...args, confirmationToken: early.token });
    expect(errorOf(confirmed).code).toBe('forbidden');
    for (const id of ['r1', 'r2', 'r3']) {
      const read = await call(on[id] as Client, 'get_device_actions', { machineId: machine.id });
      expect(read.isError, textOf(read)).toBeFalsy();
    }
    // Defender was asked nothing but reads while the switch was on.
    expect(emulator.control.calls.list().filter((c) => c.method !== 'GET')).toEqual([]);
    expect(actionsSince(contoso, machine.id, since)).toEqual([]);

    // Off through the front door (whichever replica nginx picks): every replica lets changes through again.
    expect(await flipKillSwitch(deployment.url, false)).toMatchObject({ on: false });
    for (const id of ['r1', 'r2', 'r3']) {
      await until(
        async () => tokenOf(await call(on[id] as Client, 'run_av_scan', args)) !== undefined,
        5000,
        `${id} to see the kill switch off`,
      );
    }
    const preview = await call(on.r2 as Client, 'run_av_scan', args);
    const run = await call(on.r2 as Client, 'run_av_scan', { ...args, confirmationToken: tokenOf(preview) });
    expect(run.isError, textOf(run)).toBeFalsy();
    expect(actionsSince(contoso, machine.id, since)).toHaveLength(1);
  }, 60_000);

  it('kill -9 of a replica mid-write: its audit has the intent, the retry elsewhere gets a clear answer, the action reached Defender at most once', async () => {
    const victim = deployment.replicas.find((r) => r.id === 'r2');
    if (victim === undefined) throw new Error('no replica r2');
    const { machine, since, args, token } = await previewScan(on.r2 as Client, machines[2], 'crash');
    // The emulator holds the scan request for a while: the replica is inside the write when it dies.
    const faultId = emulator.control.faults.add({
      kind: 'latency',
      ms: 4000,
      method: 'POST',
      path: '/api/machines/*/runAntiVirusScan',
      times: 1,
    });
    // The stream of a dead replica may end without an answer: the client gives up after 15 s.
    const inFlight = (on.r2 as Client)
      .callTool({ name: 'run_av_scan', arguments: { ...args, confirmationToken: token } }, undefined, {
        timeout: 15_000,
      })
      .catch((error: unknown) => error);
    await until(
      () => !emulator.control.faults.list().some((f) => f.id === faultId),
      30_000,
      'the scan request to reach the emulator',
    );
    victim.child.kill('SIGKILL');
    const lost = await inFlight;
    expect(lost instanceof Error || (lost as CallToolResult).isError).toBe(true);

    const audit = readFileSync(victim.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; tool: string; callId: string });
    const intents = audit.filter((r) => r.kind === 'intent' && r.tool === 'run_av_scan');
    const last = intents.at(-1);
    expect(last).toBeDefined();
    expect(audit.some((r) => r.kind === 'outcome' && r.callId === last?.callId)).toBe(false);

    // The client's session died with the replica: another answers 404 and the client starts again.
    const stale = await fetch(deployment.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': ((on.r2 as Client).transport as StreamableHTTPClientTransport).sessionId ?? '',
        'x-api-key': deployment.apiKey,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(stale.status).toBe(404);
    expect(await stale.text()).toContain('send initialize');

    const fresh = await deployment.connect();
    clients.push(fresh);
    const retry = await call(fresh, 'run_av_scan', { ...args, confirmationToken: token });
    expect(retry.isError).toBe(true);
    expect(errorOf(retry).code).toBe('confirmation_required');
    expect(textOf(retry)).toContain('already been used');
    // Once the held request has been handled, Defender has the scan once at most.
    await sleep(4500);
    expect(actionsSince(contoso, machine.id, since).length).toBeLessThanOrEqual(1);
  }, 90_000);

  it('Redis stopped and started during traffic: reads continue (limits local), writes refuse, then both recover', async () => {
    const redis = deployment.redis;
    if (redis === undefined) throw new Error('no redis');
    const readers = [on.r1 as Client, on.r3 as Client];
    const reads: CallToolResult[] = [];
    let reading = true;
    const traffic = (async () => {
      for (let i = 0; reading; i += 1) {
        reads.push(
          await call(readers[i % 2] as Client, 'get_device_actions', { machineId: machines[3]?.id }),
        );
        await sleep(100);
      }
    })();
    const writeArgs = { machineId: machines[3]?.id, comment: 'replicas e2e: redis outage' };
    try {
      await sleep(500);
      await redis.stop();
      await sleep(1500);
      const refused = await call(on.r1 as Client, 'run_av_scan', writeArgs);
      expect(errorOf(refused).code).toBe('unavailable');
      expect(textOf(refused)).toContain('state store (Redis) is unreachable');
      await sleep(500);
      await redis.start();
      await until(
        async () => tokenOf(await call(on.r3 as Client, 'run_av_scan', writeArgs)) !== undefined,
        30_000,
        'writes to work again after Redis came back',
      );
      await until(
        async () => (await call(on.r1 as Client, 'run_av_scan', writeArgs)).isError !== true,
        30_000,
        'the other replica to reconnect too',
      );
    } finally {
      reading = false;
      await traffic;
    }
    expect(reads.filter((r) => r.isError).map(textOf)).toEqual([]);
    expect(reads.some((r) => r._meta?.[LOCAL_LIMITS_META_KEY] === 'local')).toBe(true);
    const after = await call(on.r1 as Client, 'get_device_actions', { machineId: machines[3]?.id });
    expect(after._meta?.[LOCAL_LIMITS_META_KEY]).toBeUndefined();
  }, 120_000);

  it('never logs the Redis password or an API key', () => {
    for (const replica of deployment.replicas) {
      expect(replica.stderr()).not.toContain(deployment.redisPassword);
      expect(replica.stderr()).not.toContain(deployment.apiKey);
    }
  });
});
