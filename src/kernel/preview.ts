import { z } from 'zod';

/** What a preview saw of one target: enough to tell, at execute, whether it changed since. */
export const TargetStateSchema = z.object({
  version: z
    .string()
    .describe('Moves whenever the target changes (e.g. its lastUpdateDateTime); compared at execute.'),
  state: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The fields the preview showed; compared too, and used to say what changed.'),
});

/**
 * The state a preview was based on, per target. The confirmation is bound to it: at execute the
 * kernel previews again and refuses (`stale_preview`) when a target moved; with `onStale: 'skip'`
 * (bulk tools) the tool checks each target itself before writing it and skips those that moved.
 */
export const PreviewBasisSchema = z.object({
  targets: z
    .record(z.string(), TargetStateSchema)
    .describe('By target label, as in `changes[].target` (e.g. "incident 42").'),
  onStale: z
    .enum(['refuse', 'skip'])
    .optional()
    .describe('refuse (default): any stale target refuses the call; skip: the tool skips stale targets.'),
});

export type TargetState = z.infer<typeof TargetStateSchema>;
export type PreviewBasis = z.infer<typeof PreviewBasisSchema>;

/** What a write or destructive tool would do, shown to the model and to the approving human. */
export const PreviewSchema = z
  .object({
    summary: z.string().describe('One sentence: what will happen if this is confirmed.'),
    changes: z
      .array(
        z.object({
          target: z.string().describe('The record or device affected, e.g. "incident 123".'),
          field: z.string().optional().describe('The field that changes, if any.'),
          from: z.unknown().optional().describe('Current value.'),
          to: z.unknown().optional().describe('Value after the change.'),
        }),
      )
      .describe('Each change, one per affected field or action.'),
    warnings: z.array(z.string()).optional().describe('Side effects the approver should know.'),
    basis: PreviewBasisSchema.optional().describe(
      'The live state this preview read; the confirmation is refused if it changes first.',
    ),
  })
  .strict();

export type Preview = z.infer<typeof PreviewSchema>;

export const ConfirmationSchema = z.object({
  token: z.string().describe('Pass this as `confirmationToken` with the same arguments to execute.'),
  expiresAt: z.string().describe('ISO 8601 time after which the token is refused.'),
});

/** What `approval_pending` tells the caller: which request to wait for, where it is decided. */
export const ApprovalPendingSchema = z.object({
  id: z.string().describe('Pass this as `approvalId` with the same arguments once a person approved it.'),
  status: z.string().describe('pending until approved or denied in the approval console.'),
  approversNeeded: z.number().describe('How many different people must approve (never the requester).'),
  expiresAt: z.string().describe('ISO 8601 time after which the request can no longer be approved or used.'),
  consoleUrl: z.string().optional().describe('Where approvers decide it.'),
});

/**
 * structuredContent of every write/destructive tool: either the preview phase (nothing changed yet,
 * here is a single-use token) or the executed phase with the tool's own output.
 */
export function writeEnvelope<O extends z.ZodObject>(output: O) {
  return z.object({
    phase: z.enum(['preview', 'approval_pending', 'executed']),
    preview: PreviewSchema.optional(),
    confirmation: ConfirmationSchema.optional(),
    approval: ApprovalPendingSchema.optional(),
    result: output.optional(),
  });
}
