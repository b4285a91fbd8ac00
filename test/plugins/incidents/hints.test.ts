import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantData } from '../../../src/emulator/data/world.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { alertsOf, type NextStepOut, structured, textOf, world } from './support.js';

const STUB = join(import.meta.dirname, 'fixtures', 'triage-stub');
const WRITE_TOOLS = [
  'update_incident',
  'update_incidents',
  'add_incident_comment',
  'update_alert',
  'add_alert_comment',
  'isolate_device',
];
const plugins = { incidents: true, enrichment: true, hunting: true, [STUB]: true };

/** An incident whose evidence has a device, a user and a process. */
function suspectIncident(data: TenantData) {
  return data.incidents.find((i) => {
    const evidence = alertsOf(data, i.id).flatMap((a) => a.evidence);
    const has = (type: string) => evidence.some((e) => e['@odata.type'].endsWith(type));
    return (
      has('userEvidence') &&
      has('processEvidence') &&
      evidence.some((e) => e['@odata.type'].endsWith('deviceEvidence'))
    );
  })!;
}

/** Devices Defender judged malicious or suspicious in the incident's evidence. */
const implicatedDevices = (data: TenantData, incidentId: string) => [
  ...new Set(
    alertsOf(data, incidentId)
      .flatMap((a) => a.evidence)
      .filter((e) => e['@odata.type'].endsWith('deviceEvidence'))
      .filter((e) => e.verdict === 'malicious' || e.verdict === 'suspicious')
      .map((e) => e.mdeDeviceId as string),
  ),
];

describe('next steps in a read-only deployment', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins });
  });
  afterAll(async () => xdr?.close());

  it('name the enrichment, hunting and alert tools and never a write or destructive tool', async () => {
    const data = world(xdr);
    const incident = suspectIncident(data);
    const result = await xdr.call('get_incident', { incidentId: incident.id });
    const { next } = structured<{ next: NextStepOut[] }>(result);
    const tools = new Set(next.map((s) => s.tool));
    expect(tools).toEqual(new Set(['enrich_device', 'enrich_user', 'run_hunting_query', 'get_alert']));
    for (const name of WRITE_TOOLS) expect(textOf(result)).not.toContain(name);

    const alertId = alertsOf(data, incident.id)[0]?.id as string;
    const alert = await xdr.call('get_alert', { alertId });
    for (const name of WRITE_TOOLS) expect(textOf(alert)).not.toContain(name);
    const listed = await xdr.call('list_incidents', { limit: 50 });
    for (const name of WRITE_TOOLS) expect(textOf(listed)).not.toContain(name);
  });

  it('every suggested call is accepted by the tool it names', async () => {
    const incident = suspectIncident(world(xdr));
    const { next } = structured<{ next: NextStepOut[] }>(
      await xdr.call('get_incident', { incidentId: incident.id }),
    );
    for (const step of next) {
      const result = await xdr.call(step.tool, step.args ?? {});
      expect(result.isError, `${step.tool} ${textOf(result).slice(0, 300)}`).toBeFalsy();
    }
  });

  it('the hunting suggestion finds the process it came from', async () => {
    const data = world(xdr);
    const incident = suspectIncident(data);
    const { next } = structured<{ next: NextStepOut[] }>(
      await xdr.call('get_incident', { incidentId: incident.id }),
    );
    const hunt = next.find((s) => s.tool === 'run_hunting_query');
    const out = structured<{ results: { ok: boolean; rowCount: number }[] }>(
      await xdr.call('run_hunting_query', hunt?.args ?? {}),
    );
    expect(out.results[0]?.ok).toBe(true);
    expect(out.results[0]?.rowCount).toBeGreaterThan(0);
  });
});

describe('next steps where the operator enables writes', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins, config: { policy: { maxTier: 'destructive' } } });
  });
  afterAll(async () => xdr?.close());

  it('add triage for the incident and its alerts, and isolation for the devices Defender implicates', async () => {
    const data = world(xdr);
    const incident = suspectIncident(data);
    const { next } = structured<{ next: NextStepOut[] }>(
      await xdr.call('get_incident', { incidentId: incident.id }),
    );
    expect(next).toContainEqual({
      tool: 'update_incident',
      why: expect.any(String),
      args: { incidentId: incident.id, tenant: 'contoso' },
    });
    const isolations = next.filter((s) => s.tool === 'isolate_device').map((s) => s.args);
    const devices = implicatedDevices(data, incident.id);
    expect(devices.length).toBeGreaterThan(0);
    expect(isolations).toEqual(devices.map((machineId) => ({ machineId, tenant: 'contoso' })));

    expect(next).toContainEqual({
      tool: 'add_incident_comment',
      why: expect.any(String),
      args: { incidentId: incident.id, tenant: 'contoso' },
    });
    const listed = structured<{ next: NextStepOut[] }>(await xdr.call('list_incidents', { limit: 5 }));
    expect(listed.next).toContainEqual({
      tool: 'update_incidents',
      why: expect.any(String),
      args: { incidentIds: data.incidents.slice(0, 5).map((i) => i.id), tenant: 'contoso' },
    });

    const alertId = alertsOf(data, incident.id)[0]?.id as string;
    const alert = structured<{ next: NextStepOut[] }>(await xdr.call('get_alert', { alertId }));
    expect(alert.next).toContainEqual({
      tool: 'update_alert',
      why: expect.any(String),
      args: { alertId, tenant: 'contoso' },
    });
  });
});
