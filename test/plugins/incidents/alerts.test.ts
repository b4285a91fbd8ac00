import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/emulator/data/model.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { errorOf, type ListOutput, type NextStepOut, structured, textOf, world } from './support.js';

const expectedAlert = (a: Alert) => ({
  id: a.id,
  title: a.title,
  severity: a.severity,
  status: a.status,
  serviceSource: a.serviceSource,
  incidentId: a.incidentId,
  mitreTechniques: a.mitreTechniques,
  created: a.createdDateTime,
  webUrl: a.alertWebUrl,
});

describe('list_alerts and get_alert', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { incidents: true } });
  });
  afterAll(async () => xdr?.close());

  const list = async (args: Record<string, unknown>) =>
    structured<ListOutput>(await xdr.call('list_alerts', args));

  it('lists 25 alerts by default, newest first, as the emulator holds them', async () => {
    const data = world(xdr);
    const out = await list({});
    const alerts = out.results[0]?.alerts ?? [];
    expect(alerts).toHaveLength(Math.min(25, data.alerts.length));
    expect(alerts).toMatchObject(data.alerts.slice(0, 25).map(expectedAlert));
    expect(out.next.map((s) => s.tool)).toEqual(['get_alert', 'get_alert', 'get_alert', 'list_alerts']);
  });

  it('pages to the end with the cursor, at the largest page size and at a small one', async () => {
    const data = world(xdr);
    for (const limit of [100, 9]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const out = await list({ limit, ...(cursor ? { cursor } : {}) });
        seen.push(...(out.results[0]?.alerts ?? []).map((a) => a.id));
        cursor = out.results[0]?.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(seen).toEqual(data.alerts.map((a) => a.id));
      expect(pages).toBe(Math.ceil(data.alerts.length / limit));
    }
  });

  it('filters by severity, status, service source and creation time', async () => {
    const data = world(xdr);
    const since = data.alerts[20]?.createdDateTime as string;
    const cases: [Record<string, unknown>, (a: Alert) => boolean][] = [
      [{ severity: 'high' }, (a) => a.severity === 'high'],
      [{ status: 'new' }, (a) => a.status === 'new'],
      [
        { serviceSource: 'microsoftDefenderForEndpoint' },
        (a) => a.serviceSource === 'microsoftDefenderForEndpoint',
      ],
      [{ createdAfter: since }, (a) => Date.parse(a.createdDateTime) >= Date.parse(since)],
      [
        { severity: 'medium', serviceSource: 'microsoftDefenderForOffice365' },
        (a) => a.severity === 'medium' && a.serviceSource === 'microsoftDefenderForOffice365',
      ],
    ];
    for (const [args, keep] of cases) {
      const out = await list({ ...args, limit: 100 });
      const expected = data.alerts
        .filter(keep)
        .slice(0, 100)
        .map((a) => a.id);
      expect(expected.length, JSON.stringify(args)).toBeGreaterThan(0);
      expect(
        out.results[0]?.alerts?.map((a) => a.id),
        JSON.stringify(args),
      ).toEqual(expected);
    }
  });

  it('rejects out-of-range limits, misspelt enums and unknown keys', async () => {
    for (const args of [
      { limit: 0 },
      { limit: 101 },
      { status: 'New' },
      { serviceSource: 'defender' },
      { category: 'x' },
    ]) {
      expect(errorOf(await xdr.call('list_alerts', args)).code, JSON.stringify(args)).toBe(
        'validation_error',
      );
    }
  });

  it('tenant "*" gives each tenant its own alerts', async () => {
    const out = await list({ tenant: '*', limit: 3 });
    expect(out.results.map((r) => r.tenant)).toEqual([
      'contoso',
      'contoso-readonly',
      'fabrikam',
      'fabrikam-readonly',
    ]);
    expect(out.results[2]?.alerts?.map((a) => a.id)).toEqual(
      world(xdr, 'fabrikam')
        .alerts.slice(0, 3)
        .map((a) => a.id),
    );
  });

  it('get_alert: the alert in full with grouped evidence, and its incident as the next step', async () => {
    const data = world(xdr);
    const alert = data.alerts.find((a) =>
      a.evidence.some((e) => e['@odata.type'].endsWith('processEvidence')),
    )!;
    const result = await xdr.call('get_alert', { alertId: alert.id });
    const out = structured<{
      tenant: string;
      alert: Record<string, unknown>;
      evidence: { processes: { commandLine: string }[]; devices: { mdeDeviceId: string }[] };
      next: NextStepOut[];
    }>(result);
    expect(out.alert).toMatchObject({
      ...expectedAlert(alert),
      description: alert.description,
      category: alert.category,
      detectionSource: alert.detectionSource,
    });
    const commandLines = alert.evidence
      .filter((e) => e['@odata.type'].endsWith('processEvidence'))
      .map((e) => e.processCommandLine);
    expect(out.evidence.processes.map((p) => p.commandLine)).toEqual(commandLines);
    expect(out.next).toContainEqual({
      tool: 'get_incident',
      why: expect.any(String),
      args: { incidentId: alert.incidentId, tenant: 'contoso' },
    });
    expect(textOf(result).split('\n')[0]).toBe(`Alert ${alert.id} in tenant "contoso".`);
  });

  it('get_alert: malformed ids are validation errors, an unknown id is not_found naming the alert', async () => {
    for (const alertId of ['da123', 'xx637551227677560813_-961444813', '../incidents', '']) {
      expect(errorOf(await xdr.call('get_alert', { alertId })).code, alertId).toBe('validation_error');
    }
    const missing = 'da000000000000000001_1';
    const result = await xdr.call('get_alert', { alertId: missing });
    expect(errorOf(result)).toMatchObject({
      code: 'not_found',
      hint: expect.stringContaining('list_alerts'),
    });
    expect(textOf(result)).toContain(`No alert with id ${missing} in tenant "contoso"`);
  });
});
