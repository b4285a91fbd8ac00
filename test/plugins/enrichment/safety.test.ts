import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../../src/emulator/routing.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { ok, text, toolError, worldOf } from './support.js';

const RESPONDER = join(import.meta.dirname, 'fixtures', 'responder');

/**
 * An app without a role the tool needs: these routes demand one the read-only app lacks
 * (Machine.Isolate), so the emulator's own bearer check answers 403 for `*-readonly` tenants.
 */
const roleMissing: Route[] = [
  {
    method: 'GET',
    pattern: '/api/machines/:id/alerts',
    api: 'mde',
    roles: ['Machine.Isolate'],
    handler: () => ({ status: 200, body: { value: [] } }),
  },
  {
    method: 'GET',
    pattern: '/api/files/:id',
    api: 'mde',
    roles: ['Machine.Isolate'],
    handler: () => ({ status: 404, body: { error: { code: 'ResourceNotFound', message: 'x' } } }),
  },
];

type Step = { tool: string; args?: Record<string, unknown> };
interface Device {
  alerts: { items: { title: string }[]; error?: { code: string; message: string } };
  loggedOnUsers: { items: unknown[]; error?: { code: string; retryAfter?: number } };
  machine: { id: string };
  nextSteps: Step[];
}

// Hidden characters the hostile world seeds: bidi, zero-width, tag characters, C0/C1 controls.
const HIDDEN_RANGES = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
  [0xe0000, 0xe007f],
] as const;
const hasHidden = (text: string) =>
  [...text].some((ch) =>
    HIDDEN_RANGES.some(([lo, hi]) => (ch.codePointAt(0) ?? 0) >= lo && (ch.codePointAt(0) ?? 0) <= hi),
  );

/** The text outside the response's fenced blocks (whose nonce the data cannot know). */
function outsideFences(body: string): string {
  const nonce = /<untrusted-[a-z0-9_-]+-([0-9a-f]{24})>/.exec(body)?.[1];
  if (!nonce) return body;
  return body.replace(
    new RegExp(`<untrusted-([a-z0-9_-]+)-${nonce}>[\\s\\S]*?</untrusted-\\1-${nonce}>`, 'g'),
    '',
  );
}

function machinesWithMdeAlerts(xdr: XdrHarness, tenant = 'contoso'): string[] {
  return [
    ...new Set(
      worldOf(xdr, tenant)
        .alerts.filter((a) => a.serviceSource === 'microsoftDefenderForEndpoint')
        .flatMap((a) => a.evidence.map((e) => e.mdeDeviceId))
        .filter((id): id is string => typeof id === 'string'),
    ),
  ];
}

describe('enrichment safety (hostile data, permissions, faults, hints)', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { enrichment: true, [RESPONDER]: true },
      emulator: { hostile: true },
    });
  });
  afterAll(async () => xdr?.close());

  const mdeAlertMachines = () => machinesWithMdeAlerts(xdr);

  it('hostile text is escaped in structured content and fenced in the text', async () => {
    let injections = 0;
    for (const tenant of ['contoso', 'fabrikam']) {
      for (const machineId of machinesWithMdeAlerts(xdr, tenant)) {
        const result = await xdr.call('enrich_device', { machineId, tenant });
        const body = text(result);
        expect(hasHidden(JSON.stringify(result.structuredContent))).toBe(false);
        expect(hasHidden(body)).toBe(false);
        const outside = outsideFences(body);
        expect(outside).not.toMatch(/ignore previous instructions/i);
        expect(outside).not.toContain('</untrusted>');
        if (/ignore previous instructions/i.test(body)) injections++;
      }
    }
    // The checks above saw real injection text, and it was inside the fences.
    expect(injections).toBeGreaterThan(0);

    // Files (hostile malware names) and an IP (hostile alert titles), across tenants.
    const w = worldOf(xdr);
    const ip = w.alerts.flatMap((a) => a.evidence).find((e) => typeof e.ipAddress === 'string')?.ipAddress;
    const calls = [
      ...w.files
        .filter((f) => f.determinationType === 'Malware')
        .map((f) => ['enrich_file', { hash: f.sha256, tenant: '*' }] as const),
      ['enrich_ip', { ip, tenant: '*' }] as const,
    ];
    let fencedNames = 0;
    for (const [tool, args] of calls) {
      const result = await xdr.call(tool, args);
      expect(result.isError, tool).toBeFalsy();
      const body = text(result);
      expect(hasHidden(JSON.stringify(result.structuredContent))).toBe(false);
      expect(hasHidden(body)).toBe(false);
      expect(outsideFences(body)).not.toMatch(/ignore previous instructions/i);
      if (/ignore previous instructions/i.test(body)) fencedNames++;
    }
    expect(fencedNames).toBeGreaterThan(0);

    const hostileUser = worldOf(xdr).users.find(
      (u) => hasHidden(u.displayName) || /ignore previous/i.test(u.displayName),
    );
    if (!hostileUser) throw new Error('hostile world without a hostile display name');
    const user = await xdr.call('enrich_user', { objectId: hostileUser.id });
    expect(hasHidden(JSON.stringify(user.structuredContent))).toBe(false);
    expect(hasHidden(outsideFences(text(user)))).toBe(false);
    expect(outsideFences(text(user))).not.toMatch(/ignore previous instructions/i);
  });

  it('throttling of a section is reported with its wait; a 500 on the machine itself is the tool error', async () => {
    const machineId = mdeAlertMachines()[0] as string;
    const slow = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 90,
      api: 'mde',
      path: '/api/machines/*/logonusers',
    });
    try {
      const d = ok<Device>(await xdr.call('enrich_device', { machineId }));
      expect(d.loggedOnUsers.error).toMatchObject({ code: 'rate_limited', retryAfter: 90 });
    } finally {
      xdr.emulator.control.faults.remove(slow);
    }
    const broken = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 500,
      api: 'mde',
      path: `/api/machines/${machineId}`,
    });
    try {
      expect(toolError(await xdr.call('enrich_device', { machineId })).code).toBe('upstream_error');
    } finally {
      xdr.emulator.control.faults.remove(broken);
    }
    const users = xdr.emulator.control.faults.add({
      kind: 'status',
      status: 429,
      retryAfter: 45,
      api: 'graph',
      path: '/v1.0/users/*',
    });
    try {
      const u = worldOf(xdr).users[0] as { id: string };
      expect(toolError(await xdr.call('enrich_user', { objectId: u.id }))).toMatchObject({
        code: 'rate_limited',
        retryAfter: 45,
      });
    } finally {
      xdr.emulator.control.faults.remove(users);
    }
  });

  it('in a read-only deployment hints name only enabled read tools, never isolate_device', async () => {
    const { tools } = await xdr.client.listTools();
    const readOnly = new Map(tools.map((t) => [t.name, t.annotations?.readOnlyHint === true]));
    expect(readOnly.has('isolate_device')).toBe(false);
    const steps: Step[] = [];
    for (const machineId of mdeAlertMachines().slice(0, 3)) {
      steps.push(...ok<Device>(await xdr.call('enrich_device', { machineId })).nextSteps);
    }
    expect(steps.map((s) => s.tool)).toContain('get_alert');
    expect(steps.map((s) => s.tool)).toContain('run_hunting_query');
    for (const step of steps) expect(readOnly.get(step.tool), step.tool).toBe(true);
  });
});

describe('a deployment that allows destructive tools, whose read-only app lacks a role', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({
      plugins: { enrichment: true, [RESPONDER]: true },
      config: { policy: { maxTier: 'destructive' } },
      emulator: { extraRoutes: roleMissing },
    });
  });
  afterAll(async () => xdr?.close());
  const mdeAlertMachines = () => machinesWithMdeAlerts(xdr);

  it('a missing MDE role (403) is reported in place for a section, naming the permission', async () => {
    const machineId = mdeAlertMachines()[0] as string;
    const d = ok<Device>(await xdr.call('enrich_device', { machineId, tenant: 'contoso-readonly' }));
    expect(d.machine.id).toBe(machineId);
    expect(d.alerts.error).toMatchObject({ code: 'forbidden' });
    expect(d.alerts.error?.message).toContain('Alert.Read.All');
    expect(text(await xdr.call('enrich_device', { machineId, tenant: 'contoso-readonly' }))).toContain(
      'Alert.Read.All',
    );
  });

  it('a 403 on the primary read is the tool error, naming the permission; fan-out keeps it in place', async () => {
    const file = worldOf(xdr).files[0] as { sha256: string };
    const denied = await xdr.call('enrich_file', { hash: file.sha256, tenant: 'contoso-readonly' });
    expect(toolError(denied).code).toBe('forbidden');
    expect(text(denied)).toContain('File.Read.All');
    const all = ok<{ results: { tenant: string; ok: boolean; error?: { code: string } }[] }>(
      await xdr.call('enrich_file', { hash: file.sha256, tenant: '*' }),
    );
    expect(all.results.find((r) => r.tenant === 'contoso-readonly')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('hints name isolate_device for a device that is not isolated', async () => {
    const actions = worldOf(xdr).machineActions;
    const m = worldOf(xdr).machines.find(
      (x) => actions.isolation(x.id) === null && !actions.pending(x.id, 'Isolate'),
    );
    const d = ok<Device>(await xdr.call('enrich_device', { machineId: m?.id }));
    expect(d.nextSteps).toContainEqual(
      expect.objectContaining({ tool: 'isolate_device', args: { machineId: m?.id, tenant: 'contoso' } }),
    );
  });
});
