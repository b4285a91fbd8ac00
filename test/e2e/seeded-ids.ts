import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** Ids of one seeded story, for tools that need real ones. */
export interface SeededIds {
  incidentId: string;
  alertId: string;
  machineId: string;
  upn: string;
  ip: string;
  hash: string;
}

interface Evidence {
  devices: { mdeDeviceId?: string; ipAddresses: string[] }[];
  users: { upn?: string }[];
  files: { sha1?: string; sha256?: string }[];
  processes: { image?: { sha256?: string; sha1?: string } }[];
}

type Call = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

/**
 * Finds the ids the way an analyst would: the high-severity incidents of the default tenant, opened
 * one by one until one has a device (with an IP), a user and a file in its evidence.
 */
export async function findSeededIds(call: Call): Promise<SeededIds> {
  const listed = await call('list_incidents', { severity: 'high', limit: 20 });
  const page = listed.structuredContent as { results: { incidents: { id: string; alertCount: number }[] }[] };
  for (const { id } of page.results[0]!.incidents.filter((incident) => incident.alertCount > 2)) {
    const story = (await call('get_incident', { incidentId: id })).structuredContent as {
      alerts: { id: string }[];
      evidence: Evidence;
    };
    const device = story.evidence.devices.find((d) => d.mdeDeviceId && d.ipAddresses.length > 0);
    const upn = story.evidence.users.find((u) => u.upn)?.upn;
    const file = [...story.evidence.files, ...story.evidence.processes.map((p) => p.image ?? {})].find(
      (f) => f.sha256 ?? f.sha1,
    );
    const alertId = story.alerts[0]?.id;
    const hash = file?.sha256 ?? file?.sha1;
    if (device?.mdeDeviceId && device.ipAddresses[0] && upn && hash && alertId) {
      return { incidentId: id, alertId, machineId: device.mdeDeviceId, ip: device.ipAddresses[0], upn, hash };
    }
  }
  throw new Error('no seeded incident with a device, a user and a file in its evidence');
}
