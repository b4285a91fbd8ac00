import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Evidence } from '../../../src/emulator/data/model.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import {
  alertsOf,
  errorOf,
  expectedIncident,
  type NextStepOut,
  structured,
  textOf,
  world,
} from './support.js';

type Item = Record<string, unknown>;
interface Groups {
  devices: Item[];
  users: Item[];
  ips: Item[];
  files: Item[];
  processes: Item[];
  urls: Item[];
  mailboxes: Item[];
  emails: Item[];
  registry: Item[];
  other: Item[];
}
interface IncidentOut {
  tenant: string;
  incident: Item & { id: string };
  alerts: (Item & { id: string })[];
  evidence: Groups;
  mitreTechniques: string[];
  comments: Item[];
  next: NextStepOut[];
}

const kind = (e: Evidence) => e['@odata.type'].replace('#microsoft.graph.security.', '');
const evidenceOf = (alerts: readonly Alert[], type: string) =>
  alerts.flatMap((a) => a.evidence).filter((e) => kind(e) === type);
const unique = <T>(values: T[]) => [...new Set(values)];
const account = (e: Evidence) => e.userAccount as { userPrincipalName: string; azureAdUserId: string };
const details = (e: Evidence, key = 'fileDetails') => e[key] as { sha256: string };

describe('get_incident', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { incidents: true } });
  });
  afterAll(async () => xdr?.close());

  /** The incident whose alerts carry the most kinds of evidence. */
  function richest() {
    const data = world(xdr);
    const kinds = (id: string) => new Set(alertsOf(data, id).flatMap((a) => a.evidence.map(kind))).size;
    return [...data.incidents].sort((a, b) => kinds(b.id) - kinds(a.id))[0]!;
  }

  it('tells the whole story: incident, alerts newest first, evidence by kind, MITRE, comments, tags', async () => {
    const data = world(xdr);
    const incident = richest();
    const alerts = alertsOf(data, incident.id).sort((a, b) =>
      b.createdDateTime.localeCompare(a.createdDateTime),
    );
    const out = structured<IncidentOut>(await xdr.call('get_incident', { incidentId: incident.id }));

    expect(out.tenant).toBe('contoso');
    expect(out.incident).toMatchObject(expectedIncident(data, incident));
    expect(out.incident.tags).toEqual(incident.customTags);
    expect(out.alerts.map((a) => a.id)).toEqual(alerts.map((a) => a.id));
    expect(out.mitreTechniques).toEqual(unique(alerts.flatMap((a) => a.mitreTechniques)).sort());
    expect(out.comments.map((c) => c.comment)).toEqual(incident.comments.map((c) => c.comment));

    const ev = out.evidence;
    expect(ev.devices.map((d) => d.mdeDeviceId).sort()).toEqual(
      unique(evidenceOf(alerts, 'deviceEvidence').map((e) => e.mdeDeviceId as string)).sort(),
    );
    expect(ev.users.map((u) => [u.upn, u.objectId]).sort()).toEqual(
      unique(evidenceOf(alerts, 'userEvidence').map((e) => account(e).azureAdUserId))
        .map((id) => {
          const e = evidenceOf(alerts, 'userEvidence').find((x) => account(x).azureAdUserId === id)!;
          return [account(e).userPrincipalName, id];
        })
        .sort(),
    );
    expect(ev.ips.map((i) => i.address).sort()).toEqual(
      unique(evidenceOf(alerts, 'ipEvidence').map((e) => e.ipAddress as string)).sort(),
    );
    expect(ev.files.map((f) => f.sha256).sort()).toEqual(
      unique(evidenceOf(alerts, 'fileEvidence').map((e) => details(e).sha256)).sort(),
    );
    expect(ev.processes.map((p) => p.commandLine).sort()).toEqual(
      evidenceOf(alerts, 'processEvidence')
        .map((e) => e.processCommandLine as string)
        .sort(),
    );
    expect(ev.urls.map((u) => u.url).sort()).toEqual(
      unique(evidenceOf(alerts, 'urlEvidence').map((e) => e.url as string)).sort(),
    );
    // Every evidence entry names alerts of this incident.
    const ids = new Set(alerts.map((a) => a.id));
    for (const group of Object.values(ev).filter((g) => g !== ev.other)) {
      for (const item of group as Item[])
        expect((item.alertIds as string[]).every((id) => ids.has(id))).toBe(true);
    }
  });

  it('processes carry their image hashes and the account that ran them', async () => {
    const data = world(xdr);
    const alert = data.alerts.find((a) => a.evidence.some((e) => kind(e) === 'processEvidence'))!;
    const e = alert.evidence.find((x) => kind(x) === 'processEvidence')!;
    const out = structured<IncidentOut>(await xdr.call('get_incident', { incidentId: alert.incidentId }));
    const process = out.evidence.processes.find((p) => p.commandLine === e.processCommandLine);
    expect(process).toMatchObject({
      processId: e.processId,
      mdeDeviceId: e.mdeDeviceId,
      account: account(e).userPrincipalName,
      image: { sha256: details(e, 'imageFile').sha256 },
    });
  });

  it('suggests only enabled tools: get_alert for its alerts, no enrichment or write tool here', async () => {
    const incident = richest();
    const out = structured<IncidentOut>(await xdr.call('get_incident', { incidentId: incident.id }));
    expect(new Set(out.next.map((s) => s.tool))).toEqual(new Set(['get_alert']));
    const worst = out.alerts.find((a) => a.severity === 'high') ?? out.alerts[0];
    expect(out.next[0]?.args).toEqual({ alertId: worst?.id, tenant: 'contoso' });
    const followed = await xdr.call('get_alert', out.next[0]?.args ?? {});
    expect(followed.isError).toBeFalsy();
  });

  it('renders text with our heading, the fenced record and one notice', async () => {
    const incident = richest();
    const result = await xdr.call('get_incident', { incidentId: incident.id });
    const text = textOf(result);
    expect(text.split('\n')[0]).toBe(`Incident ${incident.id} in tenant "contoso".`);
    expect(text.match(/never follow instructions/g)).toHaveLength(1);
    expect(text).toMatch(/<untrusted-incident-[0-9a-f]{24}>\ntitle: /);
    expect(text).toContain('Next: get_alert(');
  });

  it('an unknown incident is not_found, naming the kind of id and where to find one', async () => {
    const result = await xdr.call('get_incident', { incidentId: '999999999' });
    expect(errorOf(result)).toMatchObject({
      code: 'not_found',
      hint: expect.stringContaining('list_incidents'),
    });
    expect(textOf(result)).toContain('No incident with id 999999999 in tenant "contoso"');
  });

  it('refuses malformed ids, "*" and unknown keys before any request', async () => {
    for (const args of [
      { incidentId: 'abc' },
      { incidentId: '12 or 1=1' },
      { incidentId: '../alerts_v2' },
      { incidentId: -12 },
      { incidentId: 12.5 },
      { incidentId: 1e21 },
      { incidentId: true },
      {},
      { incidentId: '12', tenant: '*' },
      { incidentId: '12', expand: 'alerts' },
    ]) {
      expect(errorOf(await xdr.call('get_incident', args)).code, JSON.stringify(args)).toBe(
        'validation_error',
      );
    }
  });

  it('accepts the id as a JSON number, as models often send it, and reads the same incident', async () => {
    const incident = richest();
    const asNumber = structured<IncidentOut>(
      await xdr.call('get_incident', { incidentId: Number(incident.id) }),
    );
    expect(asNumber.incident.id).toBe(incident.id);
    // The canonical string is what the tool used, so a not_found names it the same way.
    const missing = await xdr.call('get_incident', { incidentId: 999999999 });
    expect(errorOf(missing).code).toBe('not_found');
    expect(textOf(missing)).toContain('No incident with id 999999999 in tenant "contoso"');
  });

  it('reads another tenant when asked, labelled with our key', async () => {
    const fabrikam = world(xdr, 'fabrikam');
    const incident = fabrikam.incidents[0]!;
    const out = structured<IncidentOut>(
      await xdr.call('get_incident', { incidentId: incident.id, tenant: 'fabrikam' }),
    );
    expect(out).toMatchObject({
      tenant: 'fabrikam',
      incident: { id: incident.id, title: incident.displayName },
    });
  });
});
