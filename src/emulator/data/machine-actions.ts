import { randomUUID } from 'node:crypto';
import type { EmuClock } from '../routing.js';
import type { Machine, MachineAction, MachineActionStatus, MachineActionType } from './model.js';
import { iso7, parseIso } from './time.js';

/** When a new action moves on: Pending, then InProgress, then its outcome (on the world clock). */
export interface ActionTimings {
  readonly inProgressAfterMs: number;
  readonly completeAfterMs: number;
}

/** The default pace; `EmulatorOptions.machineActionTimings` sets another (e.g. fast, for follow-through). */
export const ACTION_TIMINGS: ActionTimings = { inProgressAfterMs: 10_000, completeAfterMs: 60_000 };

export type ActionOutcome = Extract<MachineActionStatus, 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled'>;

export interface ActionRequest {
  machine: Machine;
  type: MachineActionType;
  scope: string | null;
  comment: string;
  requestor: string;
  relatedFileInfo?: MachineAction['relatedFileInfo'];
}

interface Tracked {
  action: MachineAction;
  created: number;
  outcome: ActionOutcome;
}

const TITLES: Record<MachineActionType, string> = {
  Isolate: 'Isolate device',
  Unisolate: 'Release device from isolation',
  RunAntiVirusScan: 'Run antivirus scan',
  StopAndQuarantineFile: 'Stop and quarantine file',
  RestrictCodeExecution: 'Restrict app execution',
  UnrestrictCodeExecution: 'Remove app restriction',
  CollectInvestigationPackage: 'Collect investigation package',
};

/**
 * A tenant's machine actions. Status is derived from the clock when read, so tests only move the
 * clock; outcomes other than Succeeded are queued by the fault control (`failNext`).
 */
export class MachineActionStore {
  private readonly tracked: Tracked[] = [];
  private readonly queuedOutcomes: ActionOutcome[] = [];

  constructor(
    private readonly clock: EmuClock,
    private readonly timings: ActionTimings = ACTION_TIMINGS,
  ) {}

  /** Seeded history: finished actions whose times are in the past. */
  addHistory(action: MachineAction): void {
    this.tracked.push({
      action,
      created: parseIso(action.creationDateTimeUtc),
      outcome: action.status as ActionOutcome,
    });
  }

  /** The next `count` new actions end with `outcome` instead of Succeeded. */
  failNext(outcome: ActionOutcome, count = 1): void {
    for (let i = 0; i < count; i++) this.queuedOutcomes.push(outcome);
  }

  /** All actions, newest first, statuses as of now. */
  list(): MachineAction[] {
    return this.tracked.map((t) => this.refresh(t)).reverse();
  }

  get(id: string): MachineAction | undefined {
    const t = this.tracked.find((x) => x.action.id === id.toLowerCase());
    return t && this.refresh(t);
  }

  /** An action of the same type still running on the machine, if any. */
  pending(machineId: string, type: MachineActionType): MachineAction | undefined {
    return this.list().find(
      (a) =>
        a.machineId === machineId && a.type === type && (a.status === 'Pending' || a.status === 'InProgress'),
    );
  }

  request(r: ActionRequest): MachineAction {
    const now = this.clock.now();
    const action: MachineAction = {
      id: randomUUID(),
      type: r.type,
      scope: r.scope,
      requestor: r.requestor,
      requestorComment: r.comment,
      externalID: null,
      requestSource: 'PublicApi',
      commands: [],
      cancellationRequestor: null,
      cancellationComment: null,
      cancellationDateTimeUtc: null,
      status: 'Pending',
      machineId: r.machine.id,
      computerDnsName: r.machine.computerDnsName,
      creationDateTimeUtc: iso7(now),
      lastUpdateDateTimeUtc: iso7(now),
      title: TITLES[r.type],
      errorHResult: 0,
      relatedFileInfo: r.relatedFileInfo ?? null,
    };
    this.tracked.push({ action, created: now, outcome: this.queuedOutcomes.shift() ?? 'Succeeded' });
    return { ...action };
  }

  /**
   * Cancels a running action now. Undefined when there is no such action; the action unchanged
   * (with `cancelled: false`) when it already finished.
   */
  cancel(
    id: string,
    requestor: string,
    comment: string,
  ): { action: MachineAction; cancelled: boolean } | undefined {
    const t = this.tracked.find((x) => x.action.id === id.toLowerCase());
    if (!t) return undefined;
    const current = this.refresh(t);
    if (current.status !== 'Pending' && current.status !== 'InProgress')
      return { action: current, cancelled: false };
    const now = iso7(this.clock.now());
    Object.assign(t.action, {
      status: 'Cancelled',
      cancellationRequestor: requestor,
      cancellationComment: comment,
      cancellationDateTimeUtc: now,
      lastUpdateDateTimeUtc: now,
    });
    t.outcome = 'Cancelled';
    return { action: this.refresh(t), cancelled: true };
  }

  /** The isolation the machine is under now (scope of its last succeeded Isolate), or null. */
  isolation(machineId: string): string | null {
    const last = this.lastSucceeded(machineId, ['Isolate', 'Unisolate']);
    return last?.type === 'Isolate' ? (last.scope ?? 'Full') : null;
  }

  codeExecutionRestricted(machineId: string): boolean {
    return (
      this.lastSucceeded(machineId, ['RestrictCodeExecution', 'UnrestrictCodeExecution'])?.type ===
      'RestrictCodeExecution'
    );
  }

  private lastSucceeded(machineId: string, types: readonly MachineActionType[]): MachineAction | undefined {
    const done = this.tracked
      .map((t) => this.refresh(t))
      .filter((a) => a.machineId === machineId && types.includes(a.type) && a.status === 'Succeeded')
      .sort((a, b) => a.lastUpdateDateTimeUtc.localeCompare(b.lastUpdateDateTimeUtc));
    return done[done.length - 1];
  }

  private refresh(t: Tracked): MachineAction {
    const a = t.action;
    if (a.status === 'Pending' || a.status === 'InProgress') {
      const elapsed = this.clock.now() - t.created;
      if (elapsed >= this.timings.completeAfterMs) {
        a.status = t.outcome;
        const at = t.created + this.timings.completeAfterMs;
        a.lastUpdateDateTimeUtc = iso7(at);
        if (t.outcome === 'Cancelled') {
          a.cancellationRequestor = 'Automation';
          a.cancellationComment = 'Cancelled by the emulator fault control';
          a.cancellationDateTimeUtc = iso7(at);
        }
        if (t.outcome === 'Failed' || t.outcome === 'TimeOut') a.errorHResult = -2147467259;
      } else if (elapsed >= this.timings.inProgressAfterMs && a.status === 'Pending') {
        a.status = 'InProgress';
        a.lastUpdateDateTimeUtc = iso7(t.created + this.timings.inProgressAfterMs);
      }
    }
    return {
      ...a,
      commands: [...a.commands],
      relatedFileInfo: a.relatedFileInfo && { ...a.relatedFileInfo },
    };
  }
}
