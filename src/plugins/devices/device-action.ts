import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { callOptionsFrom } from '../../defender/api-client.js';
import { escapeUntrusted } from '../../defender/fence.js';
import { MachineId, OneTenantArg } from '../../defender/ids.js';
import {
  type DefenderForEndpoint,
  MACHINE_ACTIONS,
  type MachineActionBody,
  type MachineActionKind,
} from '../../defender/mde.js';
import { activeOfType, followMachineAction } from '../../defender/response/machine-actions.js';
import type { MachineAction } from '../../defender/schemas/mde.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import type { Tenants } from '../../defender/tenants.js';
import {
  assertNotProtected,
  isToolError,
  type LimitClaim,
  type LimitSpec,
  type NextStep,
  nextSteps,
  type Preview,
  protectedError,
  type ResponseLimits,
  type ToolAvailability,
  type ToolContext,
  type ToolError,
} from '../../kernel/index.js';
import { type ActionResult, actionView, type DeviceOutcome } from './action-view.js';
import { describeDevice } from './describe.js';
import { type DeviceState, deviceView, readDevice } from './device-state.js';
import type { DevicesOptions } from './options.js';

/** The arguments every single-device action takes. */
export const DeviceActionArgs = {
  machineId: MachineId.describe(
    'The device to act on: its Defender for Endpoint machine id (find_devices gives it).',
  ),
  comment: z
    .string()
    .min(1)
    .max(1000)
    .describe('Why: recorded with the action in Defender (the portal shows it to every analyst).'),
  tenant: OneTenantArg,
};
export interface DeviceActionInput {
  machineId: string;
  comment: string;
  tenant?: string | undefined;
}

/** What a tool declares about its action; the runner does the rest (the guards, the call, following). */
export interface DeviceActionDef<I extends DeviceActionInput> {
  kind: MachineActionKind;
  /** Cooldown group: an action and its undo share one, so flapping is refused too. */
  group(input: I): string;
  /** Counts toward the per-tenant hourly cap on destructive device actions. */
  destructive: boolean;
  /** Words for the change: "isolate (Full)". */
  verb(input: I): string;
  /** The field that changes and its values, for the preview. */
  change(state: DeviceState, input: I): { field: string; from: unknown; to: unknown };
  /** Why nothing needs sending (already isolated, not restricted...), or undefined. */
  inEffect?(state: DeviceState, input: I): string | undefined;
  /** Whether a running action of this type is the same request (quarantine: the same file). */
  sameRequest?(action: MachineAction, input: I): boolean;
  body(input: I): Omit<MachineActionBody, 'Comment'>;
  warnings?(state: DeviceState, input: I): string[];
  next(action: MachineAction | undefined, input: I): NextStep[];
}

/** Errors after which Defender certainly did not act: the cooldown and cap count are given back. */
const MAY_HAVE_ACTED: readonly string[] = ['timeout', 'cancelled', 'internal_error'];

export class DeviceActions {
  constructor(
    readonly mde: DefenderForEndpoint,
    readonly tenants: Tenants,
    readonly limits: ResponseLimits,
    readonly options: DevicesOptions,
    readonly catalog: ToolAvailability,
  ) {}

  tenantOf(input: { tenant?: string | undefined }, ctx: ToolContext): TenantDefinition {
    return this.tenants.resolveOne(input.tenant, ctx.principal);
  }

  read(tenant: TenantDefinition, machineId: string, ctx: ToolContext): Promise<DeviceState> {
    return readDevice(this.mde, tenant, machineId, this.options.protected, callOptionsFrom(ctx));
  }

  /** The refusal for a protected device, or undefined. */
  protectionError(state: DeviceState): ToolError | undefined {
    return state.protectedBy === undefined ? undefined : protectedError(state.target, state.protectedBy);
  }

  limitSpec<I extends DeviceActionInput>(
    def: DeviceActionDef<I>,
    tenant: TenantDefinition,
    input: I,
  ): LimitSpec {
    return {
      tenant: tenant.key,
      group: def.group(input),
      cooldownSeconds: this.options.cooldownSeconds,
      ...(def.destructive ? { cap: { kind: 'destructive device', perHour: this.options.hourlyCap } } : {}),
    };
  }

  /** Why nothing will be sent (a running or already effective action), or undefined. */
  nothingToDo<I extends DeviceActionInput>(
    def: DeviceActionDef<I>,
    state: DeviceState,
    input: I,
  ):
    | { outcome: 'alreadyPending' | 'alreadyInEffect'; action: MachineAction | undefined; reason: string }
    | undefined {
    const running = this.running(def, state, input);
    if (running) {
      return {
        outcome: 'alreadyPending',
        action: running,
        reason: 'the same action is already pending or in progress (see action)',
      };
    }
    const inEffect = def.inEffect?.(state, input);
    return inEffect ? { outcome: 'alreadyInEffect', action: undefined, reason: inEffect } : undefined;
  }

  /** The preview of one device: live state, protection, never-twice and the limits, then the change. */
  async preview<I extends DeviceActionInput>(
    def: DeviceActionDef<I>,
    input: I,
    ctx: ToolContext,
  ): Promise<Preview> {
    const tenant = this.tenantOf(input, ctx);
    const state = await this.read(tenant, input.machineId, ctx);
    assertNotProtected(this.options.protected, state.target);
    const idle = this.nothingToDo(def, state, input);
    if (idle) {
      return {
        summary: `Nothing will be sent to ${state.target.label}: ${idle.reason}. ${describeDevice(state)}`,
        changes: [],
      };
    }
    const refused = await this.limits.check(this.limitSpec(def, tenant, input), [state.target]);
    if (refused[0]) throw refused[0].error;
    return {
      summary: `${capitalise(def.verb(input))} ${state.target.label} in tenant "${tenant.key}". ${describeDevice(state)}`,
      changes: [{ target: state.target.label, ...def.change(state, input) }],
      warnings: def.warnings?.(state, input) ?? [],
    };
  }

  /** Executes on one device: fresh read, guards, one POST, read-back when uncertain, follow through. */
  async execute<I extends DeviceActionInput>(
    def: DeviceActionDef<I>,
    input: I,
    ctx: ToolContext,
  ): Promise<ActionResult> {
    const tenant = this.tenantOf(input, ctx);
    const state = await this.read(tenant, input.machineId, ctx);
    assertNotProtected(this.options.protected, state.target);
    const outcome = await this.act(def, tenant, state, input, ctx, { follow: true });
    const steps = nextSteps(this.catalog, def.next(outcome.action ?? undefined, input));
    return { tenant: tenant.key, device: deviceView(state), ...outcome.result, nextSteps: steps };
  }

  /**
   * Sends one action for a device already read and checked for protection. The cooldown and cap are
   * claimed here unless the caller (bulk) claimed them already.
   */
  async act<I extends DeviceActionInput>(
    def: DeviceActionDef<I>,
    tenant: TenantDefinition,
    state: DeviceState,
    input: I,
    ctx: ToolContext,
    options: { follow: boolean; claim?: LimitClaim },
  ): Promise<{ result: DeviceOutcome; action: MachineAction | undefined }> {
    const machineId = input.machineId.toLowerCase();
    const idle = this.nothingToDo(def, state, input);
    if (idle) {
      await options.claim?.release(state.target);
      return this.report(machineId, idle.outcome, idle.action, false, `Nothing was sent: ${idle.reason}.`);
    }
    const claim =
      options.claim ?? (await this.limits.claimOne(this.limitSpec(def, tenant, input), state.target));
    // A marker of our own in the comment finds this very request again if its answer is lost.
    const body = { Comment: `${input.comment} [mcp-xdr ${randomUUID().slice(0, 8)}]`, ...def.body(input) };
    let sent: Awaited<ReturnType<DefenderForEndpoint['machineAction']>>;
    try {
      sent = await this.mde.machineAction(tenant, machineId, def.kind, body, callOptionsFrom(ctx));
    } catch (error) {
      if (isToolError(error) && !MAY_HAVE_ACTED.includes(error.code)) await claim.release(state.target);
      throw error;
    }
    if (sent.status === 'alreadyPending') {
      await claim.release(state.target);
      const pending = sent.pending[0];
      return this.report(
        machineId,
        'alreadyPending',
        pending,
        false,
        'Defender answered that this action is already in progress; nothing new was started.',
      );
    }
    if (sent.status === 'uncertain') {
      const found = sent.matching;
      return this.report(
        machineId,
        'uncertain',
        found,
        false,
        found
          ? `The answer was lost (${sent.reason}), but Defender recorded the request (see action). It was not sent again.`
          : `The answer was lost (${sent.reason}) and no matching action is recorded yet: its fate is unknown. It was not sent again; check get_device_actions before retrying.`,
      );
    }
    if (!options.follow)
      return this.report(machineId, 'started', sent.action, false, `Defender accepted ${def.verb(input)}.`);
    const followed = await followMachineAction(this.mde, tenant, sent.action, ctx, {
      deadlineMs: this.options.followSeconds * 1000,
      intervalMs: this.options.pollMs,
    });
    return this.report(
      machineId,
      'started',
      followed.state,
      followed.finished,
      followed.finished
        ? `Defender accepted ${def.verb(input)}; the action reached a final status (see status).`
        : `Defender accepted ${def.verb(input)}; the action was still running when this call stopped following it.`,
    );
  }

  refusal(machineId: string, error: ToolError, outcome: 'refused' | 'failed'): DeviceOutcome {
    return {
      machineId,
      outcome,
      status: 'unknown',
      finished: false,
      action: null,
      message: error.message,
      error: {
        code: error.code,
        message: error.message,
        ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
      },
    };
  }

  private running<I extends DeviceActionInput>(def: DeviceActionDef<I>, state: DeviceState, input: I) {
    const type = MACHINE_ACTIONS[def.kind].type;
    const running = activeOfType(state.actions, type);
    return running && (def.sameRequest?.(running, input) ?? true) ? running : undefined;
  }

  private report(
    machineId: string,
    outcome: DeviceOutcome['outcome'],
    action: MachineAction | undefined,
    finished: boolean,
    message: string,
  ): { result: DeviceOutcome; action: MachineAction | undefined } {
    return {
      action,
      result: {
        machineId,
        outcome,
        status: escapeUntrusted(String(action?.status ?? 'unknown')),
        finished,
        action: action ? actionView(action) : null,
        message,
      },
    };
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
