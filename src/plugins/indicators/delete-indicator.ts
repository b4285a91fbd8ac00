import { z } from 'zod';
import { callOptionsFrom } from '../../defender/api-client.js';
import { OneTenantArg } from '../../defender/ids.js';
import {
  INDICATOR_TYPES,
  type IndicatorType,
  indicatorTarget,
  normaliseIndicatorValue,
} from '../../defender/indicators/index.js';
import { TextView } from '../../defender/present.js';
import {
  inject,
  isToolError,
  NextStepSchema,
  type Preview,
  Tool,
  type ToolContext,
  type WriteTool,
} from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { DEFINITE_FAILURES, INDICATOR_GROUP, INDICATORS, type IndicatorsRuntime } from './runtime.js';
import { basisOf } from './submit.js';
import { IndicatorViewSchema, indicatorFields, indicatorView } from './view.js';

const Input = z.object({
  indicatorType: z.enum(INDICATOR_TYPES).describe('The type of the indicator to delete.'),
  value: z.string().min(1).max(2048).describe('Its value (list_indicators shows it).'),
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({
  tenant: z.string(),
  outcome: z.enum(['deleted', 'alreadyGone', 'uncertain']),
  deleted: IndicatorViewSchema.nullable().describe('The indicator as it was before the delete.'),
  message: z.string(),
  nextSteps: z.array(NextStepSchema),
});
type Output = z.output<typeof Output>;

@Tool({
  name: 'delete_indicator',
  title: 'Delete indicator',
  description:
    'Deletes the Defender for Endpoint indicator of one type and value (what it allowed, audited or ' +
    'blocked is no longer). The preview reads it live and shows what goes; the delete is sent once, by ' +
    'its id, and a value just submitted or deleted is refused for the cooldown.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: false,
})
export class DeleteIndicator implements WriteTool<Input, Output> {
  constructor(@inject(INDICATORS) private readonly rt: IndicatorsRuntime) {}

  private async read(input: Input, ctx: ToolContext) {
    const value = normaliseIndicatorValue(input.indicatorType as IndicatorType, input.value);
    const tenant = this.rt.tenants.resolveOne(input.tenant, ctx.principal);
    const found = await this.rt.api.findByValue(tenant, input.indicatorType, value, callOptionsFrom(ctx));
    const target = indicatorTarget(input.indicatorType, value);
    const spec = {
      tenant: tenant.key,
      group: INDICATOR_GROUP,
      cooldownSeconds: this.rt.options.cooldownSeconds,
    };
    return { tenant, value, target, spec, current: found[0] };
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const { tenant, target, spec, current } = await this.read(input, ctx);
    const basis = { targets: { [target.label]: basisOf(current ? indicatorView(current) : undefined) } };
    if (!current)
      return {
        summary: `Nothing will be sent: no indicator for ${target.label} in tenant "${tenant.key}".`,
        changes: [],
        basis,
      };
    const refused = await this.rt.limits.check(spec, [target]);
    if (refused[0]) throw refused[0].error;
    const view = indicatorView(current);
    return {
      summary: `Delete indicator ${view.id} (${target.label}, ${view.action}) in tenant "${tenant.key}".`,
      changes: [
        {
          target: `${target.label} (indicator ${view.id})`,
          field: 'indicator',
          from: view.action,
          to: 'none',
        },
      ],
      warnings: [`Devices stop applying ${view.action} to this value once Defender syncs the change.`],
      basis,
    };
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const { tenant, value, target, spec, current } = await this.read(input, ctx);
    const steps = [
      {
        tool: 'list_indicators',
        why: 'Check the indicators for this value.',
        args: {
          indicatorType: input.indicatorType,
          value,
          ...(input.tenant ? { tenant: input.tenant } : {}),
        },
      },
    ];
    const next = steps.filter((s) => this.rt.catalog.isEnabled(s.tool));
    if (!current)
      return {
        tenant: tenant.key,
        outcome: 'alreadyGone',
        deleted: null,
        message: 'Nothing was sent: the indicator is already gone.',
        nextSteps: next,
      };
    const view = indicatorView(current);
    const claim = await this.rt.limits.claimOne(spec, target);
    try {
      await this.rt.api.delete(tenant, current.id, callOptionsFrom(ctx));
    } catch (error) {
      if (!isToolError(error)) throw error;
      if (DEFINITE_FAILURES.includes(error.code)) {
        await claim.release(target);
        if (error.code !== 'not_found') throw error;
        return {
          tenant: tenant.key,
          outcome: 'alreadyGone',
          deleted: view,
          message: 'Defender no longer had the indicator (404); nothing else was sent.',
          nextSteps: next,
        };
      }
      // The delete may have landed: read back, never resend.
      const after = await this.rt.api
        .findByValue(tenant, input.indicatorType, value, { signal: AbortSignal.timeout(15_000) })
        .catch(() => undefined);
      const gone = after !== undefined && !after.some((i) => i.id === current.id);
      return {
        tenant: tenant.key,
        outcome: gone ? 'deleted' : 'uncertain',
        deleted: view,
        message: gone
          ? `The answer was lost (${error.code}), but the indicator is gone. It was not sent again.`
          : `The answer was lost (${error.code}) and the indicator may still be there. It was not sent again; list_indicators before retrying.`,
        nextSteps: next,
      };
    }
    return {
      tenant: tenant.key,
      outcome: 'deleted',
      deleted: view,
      message: `Defender deleted indicator ${view.id}.`,
      nextSteps: next,
    };
  }

  toText(o: Output): string {
    const view = new TextView(`Indicator delete in tenant "${o.tenant}": ${o.outcome}.`).say(o.message);
    if (o.deleted) view.record('deleted', indicatorFields(o.deleted));
    return view.next(o.nextSteps).toString();
  }
}
