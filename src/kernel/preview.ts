import { z } from 'zod';

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
  })
  .strict();

export type Preview = z.infer<typeof PreviewSchema>;

export const ConfirmationSchema = z.object({
  token: z.string().describe('Pass this as `confirmationToken` with the same arguments to execute.'),
  expiresAt: z.string().describe('ISO 8601 time after which the token is refused.'),
});

/**
 * structuredContent of every write/destructive tool: either the preview phase (nothing changed yet,
 * here is a single-use token) or the executed phase with the tool's own output.
 */
export function writeEnvelope<O extends z.ZodObject>(output: O) {
  return z.object({
    phase: z.enum(['preview', 'executed']),
    preview: PreviewSchema.optional(),
    confirmation: ConfirmationSchema.optional(),
    result: output.optional(),
  });
}
