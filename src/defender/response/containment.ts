import { z } from 'zod';
import type { MachineAction } from '../schemas/mde.js';

/**
 * Defender has no "is isolated" field on a machine: the state is what the latest *succeeded*
 * isolate/unisolate (or restrict/unrestrict) action left. Failed, timed-out and cancelled actions
 * change nothing; pending ones are reported as pending, not as done.
 */

const PendingSchema = z.object({
  type: z.string(),
  status: z.string(),
  actionId: z.string(),
  createdDateTime: z.string().nullable(),
});

export const ContainmentStateSchema = z.object({
  active: z
    .boolean()
    .nullable()
    .describe('true/false from the latest succeeded action; null when it cannot be told.'),
  since: z.string().nullable().describe('When the deciding action was last updated.'),
  decidedBy: z.string().nullable().describe('Id of the deciding machine action.'),
  pending: PendingSchema.nullable().describe('A newer action still Pending or InProgress.'),
});

export const ContainmentSchema = z.object({
  isolated: ContainmentStateSchema,
  codeExecutionRestricted: ContainmentStateSchema,
  basis: z.string().describe('What the state was derived from.'),
});
export type Containment = z.output<typeof ContainmentSchema>;
type State = z.output<typeof ContainmentStateSchema>;

const PAIRS = {
  isolated: { on: 'Isolate', off: 'Unisolate' },
  codeExecutionRestricted: { on: 'RestrictCodeExecution', off: 'UnrestrictCodeExecution' },
} as const;

const created = (a: MachineAction) => Date.parse(a.creationDateTimeUtc ?? '') || 0;
const updated = (a: MachineAction) => a.lastUpdateDateTimeUtc ?? a.lastUpdateTimeUtc ?? null;

function stateOf(actions: readonly MachineAction[], on: string, off: string, complete: boolean): State {
  const ofPair = actions.filter((a) => a.type === on || a.type === off);
  const decided = ofPair.find((a) => a.status === 'Succeeded');
  const pending = ofPair.find(
    (a) =>
      (a.status === 'Pending' || a.status === 'InProgress') && (!decided || created(a) >= created(decided)),
  );
  return {
    // Never succeeded in a history we saw whole: never contained. In a cut history: unknown.
    active: decided ? decided.type === on : complete ? false : null,
    since: decided ? updated(decided) : null,
    decidedBy: decided?.id ?? null,
    pending: pending
      ? {
          type: String(pending.type),
          status: String(pending.status),
          actionId: pending.id,
          createdDateTime: pending.creationDateTimeUtc ?? null,
        }
      : null,
  };
}

/** `complete`: the action list is the machine's whole history (not cut by a page or item cap). */
export function containmentOf(actions: readonly MachineAction[], complete: boolean): Containment {
  const newestFirst = [...actions].sort((a, b) => created(b) - created(a));
  return {
    isolated: stateOf(newestFirst, PAIRS.isolated.on, PAIRS.isolated.off, complete),
    codeExecutionRestricted: stateOf(
      newestFirst,
      PAIRS.codeExecutionRestricted.on,
      PAIRS.codeExecutionRestricted.off,
      complete,
    ),
    basis: complete
      ? `the machine's whole action history (${actions.length} actions)`
      : `the newest ${actions.length} machine actions (older ones not read)`,
  };
}

const UNKNOWN: State = { active: null, since: null, decidedBy: null, pending: null };

export function unknownContainment(reason: string): Containment {
  return { isolated: UNKNOWN, codeExecutionRestricted: UNKNOWN, basis: reason };
}
