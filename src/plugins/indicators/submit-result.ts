import { z } from 'zod';
import { NextStepSchema } from '../../kernel/index.js';
import { IndicatorViewSchema } from './view.js';

export const SubmitResultSchema = z.object({
  tenant: z.string(),
  outcome: z
    .enum(['created', 'updated', 'alreadyInEffect', 'uncertain'])
    .describe('uncertain: the answer was lost; the indicator was read back, never sent twice.'),
  indicator: IndicatorViewSchema.nullable().describe('The indicator as Defender now holds it.'),
  previous: IndicatorViewSchema.nullable().describe('The indicator for this value before the call, if any.'),
  message: z.string(),
  nextSteps: z.array(NextStepSchema),
});
export type SubmitResult = z.output<typeof SubmitResultSchema>;
