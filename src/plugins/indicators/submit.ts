import { randomUUID } from 'node:crypto';
import { callOptionsFrom } from '../../defender/api-client.js';
import type { IndicatorBody } from '../../defender/indicators/index.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import {
  isToolError,
  type LimitSpec,
  type NextStep,
  nextSteps,
  type Preview,
  type TargetState,
  type ToolContext,
} from '../../kernel/index.js';
import { blastLines, blastRadius } from './blast-radius.js';
import { expirationOf, planSubmission, type SubmitInput, type SubmitPlan } from './plan.js';
import { DEFINITE_FAILURES, INDICATOR_GROUP, type IndicatorsRuntime } from './runtime.js';
import type { SubmitResult } from './submit-result.js';
import { type IndicatorView, indicatorView } from './view.js';

const DAY_MS = 86_400_000;
/** The state a preview is bound to: the value's indicator as it was (or its absence). */
export function basisOf(current: IndicatorView | undefined): TargetState {
  if (!current) return { version: 'absent', state: { indicator: null } };
  return {
    version: current.lastUpdateTime ?? current.id,
    state: { id: current.id, action: current.action, expirationTime: current.expirationTime ?? null },
  };
}

const expiryText = (days: number | null, now: number) =>
  days === null ? 'never' : `in ${days} days (${new Date(now + days * DAY_MS).toISOString().slice(0, 10)})`;

/** Why nothing needs sending: the same action is in place and lasts at least as long. */
function inEffect(current: IndicatorView | undefined, input: SubmitInput, plan: SubmitPlan, now: number) {
  if (!current || current.action.toLowerCase() !== input.action.toLowerCase()) return undefined;
  const has = current.expirationTime ? Date.parse(current.expirationTime) : Number.POSITIVE_INFINITY;
  const wanted = plan.days === null ? Number.POSITIVE_INFINITY : now + (plan.days - 1) * DAY_MS;
  return has >= wanted
    ? `indicator ${current.id} already has action ${current.action}, expiring ${current.expirationTime ?? 'never'}`
    : undefined;
}

/** Each field that changes, `from -> to` (an update), or the new indicator (a submission). */
function changesOf(current: IndicatorView | undefined, input: SubmitInput, plan: SubmitPlan, now: number) {
  const label = plan.target.label;
  const expires = expiryText(plan.days, now);
  if (!current)
    return [{ target: label, field: 'indicator', from: 'none', to: `${input.action}, expires ${expires}` }];
  const fields: [string, unknown, unknown][] = [
    ['action', current.action, input.action],
    ['expirationTime', current.expirationTime ?? 'never', expires],
    ['severity', current.severity ?? null, input.severity ?? current.severity ?? null],
    ['title', current.title ?? null, input.title],
    ['generateAlert', current.generateAlert ?? null, plan.generateAlert],
  ];
  // Device groups are sent (and change) only when given.
  if (input.deviceGroups?.length)
    fields.push(['deviceGroups', groupsList(current.rbacGroupNames), groupsList(input.deviceGroups)]);
  return fields
    .filter(([, from, to]) => String(from) !== String(to))
    .map(([field, from, to]) => ({ target: `${label} (indicator ${current.id})`, field, from, to }));
}

export class IndicatorSubmitter {
  constructor(private readonly rt: IndicatorsRuntime) {}

  private spec(tenant: TenantDefinition, plan: SubmitPlan): LimitSpec {
    return {
      tenant: tenant.key,
      group: INDICATOR_GROUP,
      cooldownSeconds: this.rt.options.cooldownSeconds,
      ...(plan.blocking ? { cap: { kind: 'indicator block', perHour: this.rt.options.hourlyCap } } : {}),
    };
  }

  /** The arguments checked (no call yet), then the value's indicator read live. */
  private async prepare(input: SubmitInput, ctx: ToolContext) {
    const plan = planSubmission(input, this.rt.options);
    const tenant = this.rt.tenants.resolveOne(input.tenant, ctx.principal);
    const found = await this.rt.api.findByValue(
      tenant,
      input.indicatorType,
      plan.value,
      callOptionsFrom(ctx),
    );
    // Escaped once here: titles and values from Defender are untrusted text in previews too.
    const [first] = found;
    return { plan, tenant, current: first ? indicatorView(first) : undefined };
  }

  async preview(input: SubmitInput, ctx: ToolContext): Promise<Preview> {
    const { plan, tenant, current } = await this.prepare(input, ctx);
    const now = Date.now();
    const label = plan.target.label;
    const basis = { targets: { [label]: basisOf(current) } };
    const idle = inEffect(current, input, plan, now);
    if (idle) return { summary: `Nothing will be sent for ${label}: ${idle}.`, changes: [], basis };
    const refused = await this.rt.limits.check(this.spec(tenant, plan), [plan.target]);
    if (refused[0]) throw refused[0].error;
    const blast = await blastRadius(
      this.rt.mde,
      tenant,
      input.indicatorType,
      plan.value,
      callOptionsFrom(ctx),
    );
    const verb = current ? `Update indicator ${current.id} of` : 'Submit an indicator for';
    return {
      summary:
        `${verb} ${label} in tenant "${tenant.key}": ${input.action}, expires ${expiryText(plan.days, now)}, ` +
        `applies to ${input.deviceGroups?.length ? `device groups ${groupsText(input.deviceGroups)}` : 'all devices'}.`,
      changes: changesOf(current, input, plan, now),
      warnings: [...blastLines(blast), ...actionWarnings(input, plan)],
      basis,
    };
  }

  async execute(input: SubmitInput, ctx: ToolContext): Promise<SubmitResult> {
    const { plan, tenant, current } = await this.prepare(input, ctx);
    const previous = current ?? null;
    const idle = inEffect(current, input, plan, Date.now());
    if (idle)
      return this.result(tenant, input, 'alreadyInEffect', previous, previous, `Nothing was sent: ${idle}.`);
    const claim = await this.rt.limits.claimOne(this.spec(tenant, plan), plan.target);
    // A marker of our own in the description finds this very request again if its answer is lost.
    const marker = `[mcp-xdr ${randomUUID().slice(0, 8)}]`;
    const body = bodyOf(input, plan, marker);
    let sent: Awaited<ReturnType<IndicatorsRuntime['api']['submit']>>;
    try {
      sent = await this.rt.api.submit(tenant, body, marker, callOptionsFrom(ctx));
    } catch (error) {
      if (isToolError(error) && DEFINITE_FAILURES.includes(error.code)) await claim.release(plan.target);
      throw error;
    }
    if (sent.status === 'uncertain') {
      const found = sent.found ? indicatorView(sent.found) : null;
      return this.result(
        tenant,
        input,
        'uncertain',
        found,
        previous,
        found
          ? `The answer was lost (${sent.reason}), but Defender holds the indicator as sent (see indicator). It was not sent again.`
          : `The answer was lost (${sent.reason}) and Defender does not show the indicator as sent: its fate is unknown. It was not sent again; list_indicators before retrying.`,
      );
    }
    const outcome = current ? 'updated' : 'created';
    return this.result(
      tenant,
      input,
      outcome,
      indicatorView(sent.indicator),
      previous,
      current
        ? `Defender updated indicator ${sent.indicator.id}: ${current.action} -> ${sent.indicator.action}.`
        : `Defender created indicator ${sent.indicator.id} (${sent.indicator.action}).`,
    );
  }

  private result(
    tenant: TenantDefinition,
    input: SubmitInput,
    outcome: SubmitResult['outcome'],
    indicator: SubmitResult['indicator'],
    previous: SubmitResult['previous'],
    message: string,
  ): SubmitResult {
    const args = {
      indicatorType: input.indicatorType,
      value: indicator?.indicatorValue ?? input.value,
      ...(input.tenant === undefined ? {} : { tenant: input.tenant }),
    };
    const steps: NextStep[] = [
      { tool: 'list_indicators', why: 'See the indicator as Defender holds it.', args },
      ...(indicator
        ? [{ tool: 'delete_indicator', why: 'Remove it if it hits something it should not.', args }]
        : []),
    ];
    return {
      tenant: tenant.key,
      outcome,
      indicator,
      previous,
      message,
      nextSteps: nextSteps(this.rt.catalog, steps),
    };
  }
}

function bodyOf(input: SubmitInput, plan: SubmitPlan, marker: string): IndicatorBody {
  const expirationTime = expirationOf(plan, Date.now());
  return {
    indicatorValue: plan.value,
    indicatorType: input.indicatorType,
    action: input.action,
    title: input.title,
    description: `${input.description} ${marker}`,
    generateAlert: plan.generateAlert,
    ...(input.severity ? { severity: input.severity } : {}),
    ...(expirationTime ? { expirationTime } : {}),
    ...(input.recommendedActions ? { recommendedActions: input.recommendedActions } : {}),
    ...(input.deviceGroups?.length ? { rbacGroupNames: input.deviceGroups } : {}),
  };
}

/** What the approver should know about the action itself. */
function actionWarnings(input: SubmitInput, plan: SubmitPlan): string[] {
  const warnings: string[] = [];
  if (plan.blocking)
    warnings.push(
      'Devices in scope will block this value: anything legitimate that uses it stops working until the indicator is deleted or expires.',
    );
  else
    warnings.push(
      `${input.action} does not block: in Defender terms this is a write. submit_indicator is declared destructive (a block is), so a person approves every submission.`,
    );
  if (input.action === 'Allowed')
    warnings.push(
      'Allowed stops Defender from blocking or alerting on this value: only allow what you trust.',
    );
  if (input.action === 'Alert' || input.action === 'AlertAndBlock')
    warnings.push(`${input.action} is a legacy action; Defender documents Audit and Block instead.`);
  if (plan.days === null)
    warnings.push('It never expires: remember to delete it when it is no longer needed.');
  return warnings;
}

/** The change rendering quotes the whole value already. */
function groupsList(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'all devices';
}

/** Group names come from the caller: quoted, so a name cannot pose as more of the sentence. */
function groupsText(names: readonly string[] | undefined): string {
  return names?.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'all devices';
}
