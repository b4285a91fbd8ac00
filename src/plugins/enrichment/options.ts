import { z } from 'zod';

/** The enrichment plugin's section of the operator config (`plugins.enrichment.options`). */
export const EnrichmentOptions = z.object({
  alertScanLimit: z
    .number()
    .int()
    .min(1)
    .max(5000)
    .default(500)
    .describe(
      'Newest alerts scanned for evidence naming a user, IP or file (Graph cannot filter alerts by evidence).',
    ),
  signInLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(200)
    .describe('Newest sign-ins of a user summarised by enrich_user.'),
  listLimit: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .describe('Most items shown per list (alerts, machine actions, users) in a result.'),
});

export type EnrichmentOptions = z.output<typeof EnrichmentOptions>;
