import { z } from 'zod';
import { MachineId, OneTenantArg } from '../../defender/ids.js';
import { TextView } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import {
  forEachTarget,
  inject,
  NextStepSchema,
  type Preview,
  Tool,
  type ToolContext,
  ToolError,
  type WriteTool,
} from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { DEVICE_ACTIONS } from './action-tool.js';
import { type DeviceOutcome, DeviceOutcomeSchema } from './action-view.js';
import { describeDevice } from './describe.js';
import { DeviceActionArgs, type DeviceActions } from './device-action.js';
import type { DeviceState } from './device-state.js';
import { ISOLATE, type IsolateInput, IsolationType } from './isolate-device.js';
import { outcomeLine } from './render.js';

const Input = z.object({
  machineIds: z
    .array(MachineId)
    .min(1)
    .max(100)
    .describe('The devices to isolate (machine ids; at most the plugin option bulkMax, default 25).'),
  isolationType: IsolationType,
  comment: DeviceActionArgs.comment,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({
  tenant: z.string(),
  isolationType: z.string(),
  outcomes: z.array(DeviceOutcomeSchema).describe('One per device, in the order given.'),
  started: z.number().describe('Devices whose isolation Defender accepted.'),
  nextSteps: z.array(NextStepSchema),
});
type Output = z.output<typeof Output>;

/** The single-device input of one device of the list. */
const one = (input: Input, machineId: string): IsolateInput => ({
  machineId,
  comment: input.comment,
  tenant: input.tenant,
  isolationType: input.isolationType,
});

type Checked = { state: DeviceState; refused?: ToolError; idle?: string };

@Tool({
  name: 'isolate_devices',
  title: 'Isolate several devices',
  description:
    'Isolates several devices under one approval (at most bulkMax, default 25). The preview reads every ' +
    'device live and lists each change; the whole list is validated before anything is sent (every id ' +
    'must exist; the hourly cap must cover all of them). Protected devices and devices in cooldown are ' +
    'refused one by one, and one device failing does not stop the others. Returns an outcome per device.',
  input: Input,
  output: Output,
  risk: 'destructive',
  rateLimit: TOOL_RATES.destructive,
  idempotent: false,
})
export class IsolateDevices implements WriteTool<Input, Output> {
  constructor(@inject(DEVICE_ACTIONS) private readonly actions: DeviceActions) {}

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const { tenant, checked } = await this.check(input, ctx);
    const acting = checked.filter((c) => !c.refused && !c.idle);
    return {
      summary:
        `Isolate (${input.isolationType}) ${acting.length} of ${checked.length} devices in tenant "${tenant.key}". ` +
        checked.map((c) => `${c.state.target.label}: ${describeDevice(c.state)}`).join(' '),
      changes: acting.map((c) => ({
        target: c.state.target.label,
        ...ISOLATE.change(c.state, one(input, c.state.target.id)),
      })),
      warnings: [
        ...checked.flatMap((c) =>
          c.refused
            ? [`${c.state.target.label} will be refused: ${c.refused.message}`]
            : c.idle
              ? [`${c.state.target.label}: nothing will be sent (${c.idle}).`]
              : [],
        ),
        ...ISOLATE.warnings(acting[0]?.state ?? (checked[0] as Checked).state).slice(0, 1),
        ...acting.flatMap((c) =>
          (c.state.target.roles ?? []).includes('server')
            ? [`${c.state.target.label} looks like a server.`]
            : [],
        ),
      ],
    };
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const { tenant, checked } = await this.check(input, ctx);
    const outcomes = new Map<string, DeviceOutcome>();
    for (const c of checked) {
      if (c.refused)
        outcomes.set(c.state.target.id, this.actions.refusal(c.state.target.id, c.refused, 'refused'));
    }
    const acting = checked.filter((c) => !c.refused);
    const claim = await this.actions.limits.claim(
      this.spec(input, tenant),
      acting.filter((c) => !c.idle).map((c) => c.state.target),
    );
    for (const r of claim.refused)
      outcomes.set(r.target.id, this.actions.refusal(r.target.id, r.error, 'refused'));
    const go = acting.filter((c) => !outcomes.has(c.state.target.id));
    let done = 0;
    const results = await forEachTarget(
      go.map((c) => c.state.target),
      async (target) => {
        const c = go.find((x) => x.state.target === target) as Checked;
        const single = one(input, target.id);
        const { result } = await this.actions.act(ISOLATE, tenant, c.state, single, ctx, {
          follow: false,
          claim,
        });
        done += 1;
        await ctx.progress(done, go.length, `${target.id}: ${result.outcome}`);
        return result;
      },
      ctx.signal,
    );
    for (const r of results) {
      outcomes.set(r.target.id, r.ok ? r.result : this.actions.refusal(r.target.id, r.error, 'failed'));
    }
    const ordered = checked.map((c) => outcomes.get(c.state.target.id) as DeviceOutcome);
    const tenantArg = input.tenant === undefined ? {} : { tenant: input.tenant };
    return {
      tenant: tenant.key,
      isolationType: input.isolationType,
      outcomes: ordered,
      started: ordered.filter((o) => o.outcome === 'started').length,
      nextSteps: ordered
        .filter((o) => o.action)
        .slice(0, 5)
        .map((o) => ({
          tool: 'get_device_actions',
          why: `Check the isolation of ${o.machineId}.`,
          args: { actionId: o.action?.id, ...tenantArg },
        }))
        .filter((s) => this.actions.catalog.isEnabled(s.tool)),
    };
  }

  toText(o: Output): string {
    const view = new TextView(
      `Bulk isolation (${o.isolationType}) in tenant "${o.tenant}": ${o.started} of ${o.outcomes.length} started.`,
    );
    for (const outcome of o.outcomes) view.say(outcomeLine(outcome));
    return view.next(o.nextSteps).toString();
  }

  private spec(input: Input, tenant: TenantDefinition) {
    return this.actions.limitSpec(ISOLATE, tenant, one(input, ''));
  }

  /** Every device read live and checked; an unknown id or a cap too low refuses the whole call. */
  private async check(input: Input, ctx: ToolContext) {
    const { bulkMax } = this.actions.options;
    const ids = [...new Set(input.machineIds.map((id) => id.toLowerCase()))];
    if (ids.length > bulkMax) {
      throw new ToolError(
        'validation_error',
        `At most ${bulkMax} devices per call; ${ids.length} were given.`,
        {
          hint: 'Split the list, or ask an operator to raise the devices plugin option bulkMax.',
        },
      );
    }
    const tenant = this.actions.tenantOf(input, ctx);
    const checked: Checked[] = [];
    for (const id of ids) {
      const state = await this.actions.read(tenant, id, ctx);
      const refused = this.actions.protectionError(state);
      const idle = refused ? undefined : this.actions.nothingToDo(ISOLATE, state, one(input, id))?.reason;
      checked.push({ state, ...(refused ? { refused } : {}), ...(idle ? { idle } : {}) });
    }
    const cooling = await this.actions.limits.check(
      this.spec(input, tenant),
      checked.filter((c) => !c.refused && !c.idle).map((c) => c.state.target),
    );
    for (const r of cooling) {
      const c = checked.find((x) => x.state.target === r.target);
      if (c) c.refused = r.error;
    }
    return { tenant, checked };
  }
}
