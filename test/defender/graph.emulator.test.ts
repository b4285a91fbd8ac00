import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { f } from '../../src/defender/odata-filter.js';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantEntry, tenantsSection, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 17 });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'pem'), {
    env: files.env,
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

const contoso = () => layer.tenants.get('contoso');
const incidentRoute = { tenant: 'contoso', route: 'GET /v1.0/security/incidents' };

describe('Graph security client against the emulator', () => {
  it('pages incidents with @odata.nextLink up to the cap, and says when it stopped early', async () => {
    const total = emulator.world.tenant('contoso')?.incidents.length ?? 0;
    expect(total).toBeGreaterThan(12);
    emulator.control.counters.reset();
    const all = await layer.graph.listIncidents(contoso(), { top: 5, maxItems: 1000 });
    expect(all.items).toHaveLength(total);
    expect(all.truncated).toBe(false);
    expect(new Set(all.items.map((i) => i.id)).size).toBe(total);
    expect(emulator.control.counters.requests(incidentRoute)).toBe(Math.ceil(total / 5));
    const capped = await layer.graph.listIncidents(contoso(), { top: 5, maxItems: 12 });
    expect(capped.items).toHaveLength(12);
    expect(capped.truncated).toBe(true);
  });

  it('a UPN with a quote round-trips through the filter; an injection attempt does not widen results', async () => {
    const [first, second] = (await layer.graph.listIncidents(contoso(), { top: 2, maxItems: 2 })).items;
    if (!first || !second) throw new Error('incidents');
    const quoted = "o'brien@contoso.example";
    const patched = await layer.graph.updateIncident(contoso(), first.id, { assignedTo: quoted });
    expect(patched.assignedTo).toBe(quoted);
    const found = await layer.graph.listIncidents(contoso(), { filter: f.eq('assignedTo', quoted) });
    expect(found.items.map((i) => i.id)).toEqual([first.id]);

    // Unescaped, this would read: assignedTo eq 'x' or assignedTo ne 'x' -> every incident.
    const attack = "x' or assignedTo ne 'x";
    const widened = await layer.graph.listIncidents(contoso(), { filter: f.eq('assignedTo', attack) });
    expect(widened.items).toEqual([]);
    const alsoAttack = await layer.graph.listIncidents(contoso(), {
      filter: f.eq('assignedTo', `${quoted}' or '1' eq '1`),
    });
    expect(alsoAttack.items).toEqual([]);
  });

  it('gets an incident with its alerts; patches status; posts a comment and gets the whole list back', async () => {
    const [incident] = (await layer.graph.listIncidents(contoso(), { top: 1, maxItems: 1 })).items;
    if (!incident) throw new Error('incident');
    const full = await layer.graph.getIncident(contoso(), incident.id, { expandAlerts: true });
    expect(full.id).toBe(incident.id);
    expect(Array.isArray(full.alerts)).toBe(true);
    const updated = await layer.graph.updateIncident(contoso(), incident.id, { status: 'inProgress' });
    expect(updated.status).toBe('inProgress');
    const comments = await layer.graph.addIncidentComment(
      contoso(),
      incident.id,
      'looked at it: "ok" \u00e9',
    );
    expect(comments.at(-1)?.comment).toBe('looked at it: "ok" \u00e9');
  });

  it('lists and reads alerts; patches one', async () => {
    const alerts = await layer.graph.listAlerts(contoso(), {
      top: 10,
      maxItems: 10,
      filter: f.eq('severity', 'high'),
    });
    expect(alerts.items.length).toBeGreaterThan(0);
    expect(alerts.items.every((a) => a.severity === 'high')).toBe(true);
    const alert = alerts.items[0];
    if (!alert) throw new Error('alert');
    expect((await layer.graph.getAlert(contoso(), alert.id)).id).toBe(alert.id);
    expect((await layer.graph.updateAlert(contoso(), alert.id, { status: 'resolved' })).status).toBe(
      'resolved',
    );
    const comments = await layer.graph.addAlertComment(contoso(), alert.id, 'triaged');
    expect(comments.some((c) => c.comment === 'triaged')).toBe(true);
  });

  it('runs a hunting query (PascalCase body) and parses schema and results', async () => {
    const result = await layer.graph.runHuntingQuery(contoso(), 'DeviceInfo | take 3');
    expect(result.schema.length).toBeGreaterThan(0);
    expect(result.results.length).toBeLessThanOrEqual(3);
  });

  it('reads risky users, sign-ins filtered by UPN, identity accounts', async () => {
    const risky = await layer.graph.listRiskyUsers(contoso(), { maxItems: 50 });
    expect(risky.items.length).toBeGreaterThan(0);
    const upn = emulator.world.tenant('contoso')?.users[0]?.userPrincipalName as string;
    const signIns = await layer.graph.listSignIns(contoso(), {
      filter: f.eq('userPrincipalName', upn),
      maxItems: 100,
    });
    expect(signIns.items.length).toBeGreaterThan(0);
    expect(signIns.items.every((s) => s.userPrincipalName?.toLowerCase() === upn.toLowerCase())).toBe(true);
    const accounts = await layer.graph.listIdentityAccounts(contoso(), { maxItems: 5 });
    expect(accounts.items.length).toBeGreaterThan(0);
  });

  it('invokes an identity action', async () => {
    const accounts = await layer.graph.listIdentityAccounts(contoso(), { maxItems: 50 });
    const account = accounts.items.find((a) => a.accounts?.some((x) => x.identityProvider === 'entraID'));
    if (!account) throw new Error('no Entra account');
    const inner = account.accounts?.find((x) => x.identityProvider === 'entraID');
    const result = await layer.graph.invokeIdentityAction(contoso(), account.id, {
      accountId: inner?.identifier as string,
      action: 'revokeAllSessions',
      identityProvider: 'entraID',
    });
    expect(result.action).toBe('revokeAllSessions');
  });

  it('403 names the missing permission (read-only app patching an incident)', async () => {
    const tenant = emulator.tenants.find((t) => t.key === 'fabrikam');
    if (!tenant) throw new Error('fabrikam');
    const readonly = createDefender(
      { list: { fabrikam: tenantEntry(emulator, files, tenant, 'pfx', 'readonly') } },
      { env: files.env, onWarning: () => undefined },
    );
    try {
      const id = emulator.world.tenant('fabrikam')?.incidents[0]?.id as string;
      const error = await readonly.graph
        .updateIncident(readonly.tenants.get('fabrikam'), id, { status: 'resolved' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'forbidden',
        message:
          'Microsoft Graph (tenant "fabrikam"): the app lacks the SecurityIncident.ReadWrite.All application permission.',
      });
    } finally {
      await readonly.close();
    }
  });

  it('maps a bad filter to validation_error with the upstream code, not the upstream message', async () => {
    const error = await layer.graph
      .listIncidents(contoso(), { filter: f.eq('notAProperty', 'x') })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'validation_error' });
    expect((error as Error).message).not.toContain('notAProperty');
  });
});

describe('oversized responses', () => {
  it('a response over the size limit is refused as upstream_error with a narrowing hint', async () => {
    const small = createDefender(tenantsSection(emulator, files, 'secret'), {
      env: files.env,
      onWarning: () => undefined,
      http: { maxResponseBytes: 256 * 1024 },
    });
    const id = emulator.control.faults.add({
      kind: 'oversized',
      bytes: 2 * 1024 * 1024,
      api: 'graph',
      path: '/v1.0/security/incidents',
    });
    try {
      const error = await small.graph
        .listIncidents(small.tenants.get('contoso'), { top: 5 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'upstream_error' });
      expect((error as { hint: string }).hint).toMatch(/Narrow the request/);
    } finally {
      emulator.control.faults.remove(id);
      await small.close();
    }
  });
});
