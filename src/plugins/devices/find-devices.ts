import { z } from 'zod';
import { callOptionsFrom } from '../../defender/api-client.js';
import { DnsName, IpAddress, MachineId, OneTenantArg } from '../../defender/ids.js';
import { exactlyOne } from '../../defender/lookup-key.js';
import { f } from '../../defender/odata-filter.js';
import { TextView } from '../../defender/present.js';
import type { Machine } from '../../defender/schemas/mde.js';
import {
  inject,
  NextStepSchema,
  nextSteps,
  type ReadTool,
  Tool,
  type ToolContext,
  ToolError,
} from '../../kernel/index.js';
import { DEVICE_ACTIONS } from './action-tool.js';
import type { DeviceActions } from './device-action.js';
import { DeviceSchema, deviceView, readDevices } from './device-state.js';
import { deviceFields, deviceState } from './render.js';

const Input = z.object({
  dnsName: DnsName.optional().describe(
    'Exact DNS name; a short host name ("desktop-01") also matches its FQDN.',
  ),
  namePrefix: z
    .string()
    .min(2)
    .max(253)
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a name prefix is letters, digits, dots and hyphens')
    .optional()
    .describe('DNS names starting with this text, e.g. "srv-".'),
  ip: IpAddress.optional().describe('Internal IP address: devices seen with it within 15 minutes of `at`.'),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('With ip: the moment (ISO 8601, within the past 30 days); default now.'),
  machineId: MachineId.optional(),
  tag: z.string().min(1).max(200).optional().describe('A machine tag, exactly (e.g. "VIP").'),
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({
  tenant: z.string(),
  lookup: z.object({ by: z.enum(['dnsName', 'namePrefix', 'ip', 'machineId', 'tag']), value: z.string() }),
  devices: z.array(DeviceSchema),
  truncated: z.boolean().describe('True when more devices matched than were returned.'),
  nextSteps: z.array(NextStepSchema),
});
type Output = z.output<typeof Output>;

const KEYS = ['dnsName', 'namePrefix', 'ip', 'machineId', 'tag'] as const;

@Tool({
  name: 'find_devices',
  title: 'Find devices',
  description:
    'Finds Defender for Endpoint devices by exactly one of: dnsName (exact, or a short host name), ' +
    'namePrefix, ip (internal address at a point in time: `at`, default now), machineId, tag. Each ' +
    'device comes with OS, health, risk and exposure, last seen, tags, whether it looks like a server ' +
    'or domain controller, whether it is protected from acting tools, and its containment state ' +
    '(isolated / code-restricted / pending) derived from its machine actions. Names and tags come from ' +
    'Defender and are untrusted data.',
  input: Input,
  output: Output,
  risk: 'read',
  idempotent: true,
})
export class FindDevices implements ReadTool<Input, Output> {
  constructor(@inject(DEVICE_ACTIONS) private readonly actions: DeviceActions) {}

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    if (input.at !== undefined && input.ip === undefined) {
      throw new ToolError('validation_error', '`at` only applies with `ip`.');
    }
    const lookup = exactlyOne(input, KEYS, 'machineId');
    const tenant = this.actions.tenantOf(input, ctx);
    const { mde, options } = this.actions;
    const call = callOptionsFrom(ctx);
    const limit = options.findLimit;
    let machines: Machine[];
    let truncated = false;
    if (lookup.by === 'machineId') {
      machines = [await mde.getMachine(tenant, lookup.value, call)];
    } else if (lookup.by === 'ip') {
      const at = input.at === undefined ? new Date() : new Date(input.at);
      const found = await mde.findMachinesByIp(tenant, lookup.value, at, call);
      truncated = found.length > limit;
      machines = found.slice(0, limit);
    } else {
      const filter =
        lookup.by === 'dnsName'
          ? f.or(f.eq('computerDnsName', lookup.value), f.startsWith('computerDnsName', `${lookup.value}.`))
          : lookup.by === 'namePrefix'
            ? f.startsWith('computerDnsName', lookup.value)
            : f.anyEq('machineTags', lookup.value);
      const page = await mde.listMachines(tenant, { filter, top: limit, maxItems: limit, maxPages: 1 }, call);
      machines = page.items;
      truncated = page.truncated;
    }
    const states = await readDevices(mde, tenant, machines, options.protected, call);
    const devices = states.map(deviceView);
    const tenantArg = input.tenant === undefined ? {} : { tenant: input.tenant };
    const [only] = devices;
    const steps =
      devices.length === 1 && only
        ? [
            {
              tool: 'get_device_actions',
              why: 'See the machine actions of this device.',
              args: { machineId: only.machineId, ...tenantArg },
            },
          ]
        : [];
    return {
      tenant: tenant.key,
      lookup,
      devices,
      truncated,
      nextSteps: nextSteps(this.actions.catalog, steps),
    };
  }

  toText(o: Output): string {
    const view = new TextView(
      `Devices by ${o.lookup.by} in tenant "${o.tenant}": ${o.devices.length} found.`,
    );
    if (o.truncated) view.say('More devices matched: narrow the search.');
    for (const d of o.devices)
      view.say(`${d.machineId}: ${deviceState(d)}`).record('device', deviceFields(d));
    return view.next(o.nextSteps).toString();
  }
}
