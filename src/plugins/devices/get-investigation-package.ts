import { z } from 'zod';
import { callOptionsFrom } from '../../defender/api-client.js';
import { escapeUntrusted } from '../../defender/fence.js';
import { OneTenantArg } from '../../defender/ids.js';
import { TextView } from '../../defender/present.js';
import {
  inject,
  isToolError,
  NextStepSchema,
  nextSteps,
  type ReadTool,
  Tool,
  type ToolContext,
  ToolError,
} from '../../kernel/index.js';
import { DEVICE_ACTIONS } from './action-tool.js';
import type { DeviceActions } from './device-action.js';
import { ActionId } from './get-device-actions.js';

const Input = z.object({
  actionId: ActionId.describe(
    'Id of the CollectInvestigationPackage action collect_investigation_package returned.',
  ),
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({
  tenant: z.string(),
  actionId: z.string(),
  ready: z.boolean().describe('True when the package can be downloaded now.'),
  status: z.string().describe('The collection action status.'),
  downloadUrl: z
    .string()
    .nullable()
    .describe('Short-lived download link (a bearer link: share it with care); null until ready.'),
  nextSteps: z.array(NextStepSchema),
});
type Output = z.output<typeof Output>;

@Tool({
  name: 'get_investigation_package',
  title: 'Get investigation package',
  description:
    'The download link of an investigation package once its collection succeeded (GetPackageUri). ' +
    'Before that it answers "not ready" with the collection status. The link is short-lived and works ' +
    'for anyone who holds it. Defender allows about 2 calls a minute: wait between checks.',
  input: Input,
  output: Output,
  risk: 'read',
  idempotent: true,
})
export class GetInvestigationPackage implements ReadTool<Input, Output> {
  constructor(@inject(DEVICE_ACTIONS) private readonly actions: DeviceActions) {}

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.actions.tenantOf(input, ctx);
    const call = callOptionsFrom(ctx);
    const action = await this.actions.mde.getMachineAction(tenant, input.actionId, call);
    if (action.type !== 'CollectInvestigationPackage') {
      throw new ToolError(
        'validation_error',
        'This machine action is not an investigation package collection.',
        {
          hint: 'Pass the action id collect_investigation_package returned.',
        },
      );
    }
    const status = String(action.status ?? 'unknown');
    const base = { tenant: tenant.key, actionId: input.actionId.toLowerCase() };
    const again = nextSteps(this.actions.catalog, [
      {
        tool: 'get_investigation_package',
        why: 'Check again in a minute.',
        args: { actionId: base.actionId, ...(input.tenant === undefined ? {} : { tenant: input.tenant }) },
      },
    ]);
    const notReady = (s: string): Output => ({
      ...base,
      ready: false,
      status: s,
      downloadUrl: null,
      nextSteps: again,
    });
    if (status !== 'Succeeded') return notReady(KNOWN.includes(status) ? status : 'unknown');
    try {
      const downloadUrl = await this.actions.mde.getPackageUri(tenant, input.actionId, call);
      return { ...base, ready: true, status, downloadUrl: escapeUntrusted(downloadUrl), nextSteps: [] };
    } catch (error) {
      // Defender answers 404 until the package is really there, even just after Succeeded.
      if (isToolError(error) && error.code === 'not_found') return notReady(status);
      throw error;
    }
  }

  toText(o: Output): string {
    const view = new TextView(`Investigation package ${o.actionId} in tenant "${o.tenant}".`);
    if (!o.ready) view.say(`Not ready: the collection is ${o.status}.`);
    else
      view
        .say('Ready. The link below is short-lived and works for anyone who holds it.')
        .record('package', { downloadUrl: o.downloadUrl });
    return view.next(o.nextSteps).toString();
  }
}

const KNOWN = ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'];
