import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hunts as kql } from '../../../src/plugins/enrichment/kql.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { accessLayer, ok, worldOf } from './support.js';

type Step = { tool: string; args?: Record<string, unknown> };

let xdr: XdrHarness;
beforeAll(async () => {
  xdr = await startXdr({ plugins: { enrichment: true, incidents: true } });
});
afterAll(async () => xdr?.close());

/** A device, user, IP and file that the seeded stories tie to alerts. */
function storyEntities() {
  const w = worldOf(xdr);
  const alert = w.alerts.find(
    (a) => a.serviceSource === 'microsoftDefenderForEndpoint' && a.evidence.some((e) => e.mdeDeviceId),
  );
  const evidence = (alert?.evidence ?? []) as Record<string, unknown>[];
  const machineId = evidence.find((e) => typeof e.mdeDeviceId === 'string')?.mdeDeviceId as string;
  const account = evidence.find((e) => e.userAccount)?.userAccount as
    | { userPrincipalName?: string }
    | undefined;
  const upn = account?.userPrincipalName as string;
  const ip = w.alerts.flatMap((a) => a.evidence).find((e) => typeof e.ipAddress === 'string')
    ?.ipAddress as string;
  const file = w.files.find((f) => f.determinationType === 'Malware') as { sha256: string };
  return { machineId, upn, ip, hash: file.sha256 };
}

describe('enrichment next steps are working calls', () => {
  it('the tools are listed read-only, and every suggested enabled tool accepts the suggested arguments', async () => {
    const { tools } = await xdr.client.listTools();
    for (const name of ['enrich_device', 'enrich_user', 'enrich_ip', 'enrich_file']) {
      expect(tools.find((t) => t.name === name)?.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
    }
    const e = storyEntities();
    const steps: Step[] = [];
    for (const [tool, args] of [
      ['enrich_device', { machineId: e.machineId }],
      ['enrich_user', { upn: e.upn }],
      ['enrich_ip', { ip: e.ip }],
      ['enrich_file', { hash: e.hash }],
    ] as const) {
      steps.push(...ok<{ nextSteps: Step[] }>(await xdr.call(tool, args)).nextSteps);
    }
    const called = new Set<string>();
    for (const step of steps) {
      const result = await xdr.call(step.tool, step.args ?? {});
      expect(
        result.isError,
        `${step.tool} ${JSON.stringify(step.args)}: ${JSON.stringify(result.content)}`,
      ).toBeFalsy();
      called.add(step.tool);
    }
    expect([...called].sort()).toEqual(['enrich_device', 'enrich_user', 'get_alert']);
  });

  // run_hunting_query is another plugin's tool; its suggested queries come from kql.ts, checked here.
  it('the suggested hunts are valid KQL that finds the entity in the seeded tables', async () => {
    const e = storyEntities();
    const { graph, tenant } = accessLayer(xdr);
    for (const [what, query] of [
      ['device', kql.device(e.machineId)],
      ['user', kql.user(e.upn)],
      ['ip', kql.ip(e.ip)],
      ['file', kql.file(e.hash)],
    ] as const) {
      const result = await graph.runHuntingQuery(tenant(), query);
      expect(result.results.length, what).toBeGreaterThan(0);
    }
  });
});
