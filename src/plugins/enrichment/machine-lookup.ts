import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import type { DefenderForEndpoint } from '../../defender/mde.js';
import { f } from '../../defender/odata-filter.js';
import type { Machine } from '../../defender/schemas/mde.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { isToolError, ToolError } from '../../kernel/index.js';

export type DeviceKey = { by: 'machineId' | 'dnsName' | 'ip'; value: string };

/** At most this many candidates are listed when a name or address matches several machines. */
const CANDIDATES = 20;

/**
 * One machine, or the candidates when a DNS name or IP matches several (a re-imaged device keeps
 * its name under a new id; DHCP hands an address to another machine). Not found names the kind of
 * key and the tenant; the key itself is a validated id, name or address.
 */
export async function findMachines(
  mde: DefenderForEndpoint,
  tenant: TenantDefinition,
  key: DeviceKey,
  call: CallOptions,
): Promise<{ machines: Machine[]; more: boolean }> {
  if (key.by === 'machineId') {
    try {
      return { machines: [await mde.getMachine(tenant, key.value, call)], more: false };
    } catch (error) {
      if (isToolError(error) && error.code === 'not_found') throw notFound(key, tenant);
      throw error;
    }
  }
  const filter =
    key.by === 'dnsName'
      ? // A short host name matches its FQDN too, as analysts type it.
        f.or(f.eq('computerDnsName', key.value), f.startsWith('computerDnsName', `${key.value}.`))
      : f.eq('lastIpAddress', key.value);
  const { items, truncated } = await mde.listMachines(
    tenant,
    { filter, top: CANDIDATES, maxItems: CANDIDATES, maxPages: 1 },
    call,
  );
  if (items.length === 0) throw notFound(key, tenant);
  return { machines: items, more: truncated };
}

const KEY_LABEL: Record<DeviceKey['by'], string> = {
  machineId: 'machine id',
  dnsName: 'DNS name',
  ip: 'last IP address',
};

function notFound(key: DeviceKey, tenant: TenantDefinition): ToolError {
  return new ToolError(
    'not_found',
    `No machine with ${KEY_LABEL[key.by]} ${key.value} in Defender for Endpoint (tenant "${tenant.key}").`,
    {
      hint:
        key.by === 'ip'
          ? 'Only the last reported IP of each machine is matched: try the DNS name, or hunt DeviceNetworkEvents.'
          : 'Check the tenant; a machine offboarded long ago is no longer listed.',
    },
  );
}

/** A machine in one line: candidates of an ambiguous lookup, devices using an IP. */
export const DeviceBriefSchema = z.object({
  machineId: z.string(),
  computerDnsName: z.string().nullable(),
  lastIpAddress: z.string().nullable(),
  lastSeen: z.string().nullable(),
  healthStatus: z.string().nullable(),
  osPlatform: z.string().nullable(),
});

export function deviceBrief(m: Machine): z.output<typeof DeviceBriefSchema> {
  return {
    machineId: m.id,
    computerDnsName: m.computerDnsName ?? null,
    lastIpAddress: m.lastIpAddress ?? null,
    lastSeen: m.lastSeen ?? null,
    healthStatus: m.healthStatus ?? null,
    osPlatform: m.osPlatform ?? null,
  };
}
