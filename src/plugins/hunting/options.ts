import { z } from 'zod';

/** The hunting plugin's section in the operator config (`plugins.hunting.options`). */
export const HuntingOptionsSchema = z.object({
  maxRows: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(500)
    .describe('Most rows one response carries (the rest is counted and reported as truncated).'),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .default(100 * 1024)
    .describe(
      'Most bytes of rows (as JSON) one response carries. The text view repeats them, so keep twice this ' +
        'below policy.outputBudgetBytes (default 256 KiB).',
    ),
  strictSchema: z
    .boolean()
    .default(true)
    .describe(
      'Refuse queries with names the built-in schema does not know (with a did-you-mean). Microsoft adds ' +
        'columns over time: set false to let the service judge unknown names instead.',
    ),
  allowExternalData: z
    .boolean()
    .default(false)
    .describe('Allow externaldata and evaluate plugins that reach outside Defender (http_request, ...).'),
});

export type HuntingOptions = z.output<typeof HuntingOptionsSchema>;
