import type { AuditLog } from '../audit/log.js';
import type { ApprovalConfig } from '../config/schema.js';
import type { StateStore } from '../state/store.js';
import type { Clock } from '../tokens.js';
import type { ToolCall } from '../types.js';
import { ApprovalEvents } from './approval-events.js';
import type { ApprovalRecord } from './approval-record.js';
import { KillSwitch } from './kill-switch.js';
import { PendingApprovals } from './pending-approvals.js';

/** The path of the approval console on the HTTP listener (and on stdio's own loopback listener). */
export const CONSOLE_PATH = '/approvals';

/**
 * One kernel's approvals: the pending requests, the kill switch, their audit events, and where the
 * console is (known only once a listener serves it). The policy chain and the console share it.
 */
export interface Approvals {
  readonly config: ApprovalConfig;
  readonly pending: PendingApprovals;
  readonly killSwitch: KillSwitch;
  readonly events: ApprovalEvents;
  /** Whether this destructive call is approved in the console rather than through elicitation. */
  viaConsole(call: ToolCall): boolean;
  /** The console's address for messages (`.../approvals`), once known. */
  consoleUrl(): string | undefined;
  /** Set by whatever serves the console; `publicUrl` from the config wins. */
  setConsoleUrl(url: string): void;
  /** Hears each new pending request (stdio prints a fresh one-time login link on stderr). */
  onRequested(listener: (record: ApprovalRecord) => void): void;
  /** Tells the listeners (the middleware calls it after storing the request). */
  requested(record: ApprovalRecord): void;
}

export interface ApprovalsOptions {
  config: ApprovalConfig;
  store: StateStore;
  clock: Clock;
  log: AuditLog;
}

export function createApprovals(options: ApprovalsOptions): Approvals {
  const { config, store, clock, log } = options;
  const events = new ApprovalEvents(log, clock);
  const twoApprovers = new Set(config.twoApprovers);
  const listeners: Array<(record: ApprovalRecord) => void> = [];
  let served: string | undefined;
  return {
    config,
    events,
    pending: new PendingApprovals(store, clock, config.expirySeconds * 1000, events),
    killSwitch: new KillSwitch(store, clock, events),
    viaConsole(call) {
      // One person cannot be four eyes: a two-approver tool always goes to the console.
      if (twoApprovers.has(call.tool.name) || config.mode === 'console') return true;
      return config.mode === 'auto' && !call.ctx.canElicit;
    },
    consoleUrl: () => config.console.publicUrl ?? served,
    setConsoleUrl(url) {
      served = url;
    },
    onRequested(listener) {
      listeners.push(listener);
    },
    requested(record) {
      for (const listener of listeners) listener(record);
    },
  };
}

/** How many approvers a tool needs. */
export function approversNeeded(config: ApprovalConfig, tool: string): 1 | 2 {
  return config.twoApprovers.includes(tool) ? 2 : 1;
}
