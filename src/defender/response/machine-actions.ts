import { type Followed, followUntil } from '../../kernel/guards/follow.js';
import type { ToolContext } from '../../kernel/types.js';
import type { CallOptions } from '../api-client.js';
import type { DefenderForEndpoint } from '../mde.js';
import type { MachineAction } from '../schemas/mde.js';
import type { TenantDefinition } from '../tenant-sources.js';

/** Machine action statuses after which nothing more happens (facts §2.2). */
export const TERMINAL_STATUSES = ['Succeeded', 'Failed', 'TimeOut', 'Cancelled'] as const;

export const isActive = (a: Pick<MachineAction, 'status'>) =>
  a.status === 'Pending' || a.status === 'InProgress';
export const isTerminal = (a: Pick<MachineAction, 'status'>) =>
  (TERMINAL_STATUSES as readonly string[]).includes(String(a.status));

/** The newest still-running action of `type` in a machine's history (never twice: report it, do not resend). */
export function activeOfType(actions: readonly MachineAction[], type: string): MachineAction | undefined {
  return [...actions]
    .sort(
      (a, b) =>
        (Date.parse(b.creationDateTimeUtc ?? '') || 0) - (Date.parse(a.creationDateTimeUtc ?? '') || 0),
    )
    .find((a) => a.type === type && isActive(a));
}

export interface FollowActionOptions {
  deadlineMs: number;
  intervalMs: number;
}

/**
 * Follows a machine action with progress notifications until it ends or the deadline passes. Each
 * read gets its own short deadline: following must not outlive the call.
 */
export function followMachineAction(
  mde: DefenderForEndpoint,
  tenant: TenantDefinition,
  action: MachineAction,
  ctx: ToolContext,
  options: FollowActionOptions,
  call?: CallOptions,
): Promise<Followed<MachineAction>> {
  return followUntil<MachineAction>(ctx, action, {
    read: () => mde.getMachineAction(tenant, action.id, call),
    isTerminal,
    describe: (a) => `${a.type ?? 'Machine action'} ${a.id}: ${a.status ?? 'unknown'}`,
    deadlineMs: options.deadlineMs,
    intervalMs: options.intervalMs,
  });
}
