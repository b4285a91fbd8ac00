import { z } from 'zod';
import type { TriageAsk } from './triage.js';
import { ClassificationArg, DeterminationArg } from './verdict.js';

/**
 * Arguments the triage writes share. Graph's own limit on a comment is not documented; ours keeps a
 * note a note (and under the emulator's 30,000). Comments are sent exactly as given.
 */
export const COMMENT_MAX = 10_000;
export const TAGS_MAX = 20;

export const CommentText = z
  .string()
  .min(1)
  .max(COMMENT_MAX)
  .refine((text) => text.trim() !== '', 'a comment cannot be blank')
  .describe(`Comment text, up to ${COMMENT_MAX} characters; stored exactly as given.`);

const Tag = z.string().trim().min(1).max(100).describe('A custom tag, e.g. "FP-reviewed".');

const verdictFields = {
  assignedTo: z
    .union([z.string().trim().min(1).max(256), z.null()])
    .optional()
    .describe(
      'New owner, usually a UPN such as analyst@contoso.com (free text in Defender); null unassigns.',
    ),
  classification: ClassificationArg.optional(),
  determination: DeterminationArg.optional(),
};

/** Fields of update_incident and update_incidents (besides the ids and the tenant). */
export const incidentChangeFields = {
  status: z
    .enum(['active', 'inProgress', 'resolved'])
    .optional()
    .describe('New status: active, inProgress or resolved (resolving an incident resolves its alerts).'),
  ...verdictFields,
  addTags: z
    .array(Tag)
    .max(TAGS_MAX)
    .optional()
    .describe('Custom tags to add; the incident keeps every tag it has.'),
  removeTags: z.array(Tag).max(TAGS_MAX).optional().describe('Custom tags to remove; other tags stay.'),
  comment: CommentText.optional().describe(
    `A note added to the incident's comments after the change (up to ${COMMENT_MAX} characters, stored exactly as given).`,
  ),
};

export const alertChangeFields = {
  status: z
    .enum(['new', 'inProgress', 'resolved'])
    .optional()
    .describe('New status: new, inProgress or resolved.'),
  ...verdictFields,
};

type ChangeInput = {
  status?: string | undefined;
  assignedTo?: string | null | undefined;
  classification?: string | undefined;
  determination?: string | undefined;
  addTags?: string[] | undefined;
  removeTags?: string[] | undefined;
  comment?: string | undefined;
};

export function askOf(input: ChangeInput): TriageAsk {
  const { status, assignedTo, classification, determination, addTags, removeTags, comment } = input;
  return { request: { status, assignedTo, classification, determination, addTags, removeTags }, comment };
}
