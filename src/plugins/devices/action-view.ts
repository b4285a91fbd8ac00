import { z } from 'zod';
import { escapeDeep } from '../../defender/fence.js';
import type { MachineAction } from '../../defender/schemas/mde.js';
import { NextStepSchema } from '../../kernel/index.js';
import { DeviceSchema } from './device-state.js';

/** A machine action as the devices tools show it (upstream text escaped). */
export const ActionViewSchema = z.object({
  id: z.string().describe('Machine action id: pass it to get_device_actions to check on it.'),
  type: z.string().nullable(),
  scope: z.string().nullable().describe('Isolation type (Full/Selective) or scan type (Quick/Full), if any.'),
  status: z.string().nullable().describe('Pending, InProgress, Succeeded, Failed, TimeOut or Cancelled.'),
  machineId: z.string().nullable(),
  computerDnsName: z.string().nullable(),
  requestor: z.string().nullable(),
  comment: z.string().nullable(),
  createdDateTime: z.string().nullable(),
  lastUpdateDateTime: z.string().nullable(),
  cancellation: z
    .object({
      requestor: z.string().nullable(),
      comment: z.string().nullable(),
      dateTime: z.string().nullable(),
    })
    .nullable(),
  relatedFile: z.object({ identifier: z.string().nullable(), type: z.string().nullable() }).nullable(),
});
export type ActionView = z.output<typeof ActionViewSchema>;

export function actionView(a: MachineAction): ActionView {
  return escapeDeep({
    id: a.id,
    type: a.type ?? null,
    scope: a.scope ?? null,
    status: a.status ?? null,
    machineId: a.machineId ?? null,
    computerDnsName: a.computerDnsName ?? null,
    requestor: a.requestor ?? null,
    comment: a.requestorComment ?? null,
    createdDateTime: a.creationDateTimeUtc ?? null,
    lastUpdateDateTime: a.lastUpdateDateTimeUtc ?? a.lastUpdateTimeUtc ?? null,
    cancellation: a.cancellationDateTimeUtc
      ? {
          requestor: a.cancellationRequestor ?? null,
          comment: a.cancellationComment ?? null,
          dateTime: a.cancellationDateTimeUtc,
        }
      : null,
    relatedFile: a.relatedFileInfo
      ? {
          identifier: a.relatedFileInfo.fileIdentifier ?? null,
          type: a.relatedFileInfo.fileIdentifierType ?? null,
        }
      : null,
  });
}

export const OUTCOMES = [
  'started',
  'alreadyPending',
  'alreadyInEffect',
  'uncertain',
  'refused',
  'failed',
] as const;

/** What one device action came to. */
export const DeviceOutcomeSchema = z.object({
  machineId: z.string(),
  outcome: z
    .enum(OUTCOMES)
    .describe(
      'started: Defender accepted it; alreadyPending / alreadyInEffect: nothing was sent; uncertain: the ' +
        'request may have reached Defender (read back: see action); refused / failed: see error.',
    ),
  status: z.string().describe('The action status last seen, or "unknown".'),
  finished: z.boolean().describe('True when the action reached a terminal status while followed.'),
  action: ActionViewSchema.nullable(),
  message: z.string().describe('What happened, in one sentence.'),
  error: z.object({ code: z.string(), message: z.string(), retryAfter: z.number().optional() }).optional(),
});
export type DeviceOutcome = z.output<typeof DeviceOutcomeSchema>;

export const ActionResultSchema = z.object({
  tenant: z.string(),
  device: DeviceSchema.describe('The device as read just before acting.'),
  ...DeviceOutcomeSchema.shape,
  nextSteps: z.array(NextStepSchema),
});
export type ActionResult = z.output<typeof ActionResultSchema>;
