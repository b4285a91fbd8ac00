import { z } from 'zod';
import { protectedTargetsOption, responseLimitOptions } from '../../kernel/index.js';

/** The devices plugin's section of the operator config (`plugins.devices.options`). */
export const DevicesOptions = z.object({
  protected: protectedTargetsOption(
    { roles: ['domainController'] },
    'Devices never acted on: machine ids, DNS name patterns ("dc-*"), machine tags, roles ' +
      '("domainController": tagged or in a "Domain Controllers" device group; "server"). Default: domain controllers.',
  ),
  ...responseLimitOptions(
    { cooldownSeconds: 60, hourlyCap: 10 },
    {
      cooldown:
        'The same action (or its undo: isolate/release, restrict/unrestrict) on the same device is refused for this long.',
      cap: 'Destructive device actions per tenant per hour (each device of a bulk call counts).',
    },
  ),
  bulkMax: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .describe('Most devices isolate_devices takes in one call.'),
  followSeconds: z
    .number()
    .min(0)
    .max(600)
    .default(20)
    .describe(
      'How long an acting tool follows its machine action (progress notifications) before returning.',
    ),
  pollMs: z
    .number()
    .int()
    .min(50)
    .max(60_000)
    .default(2000)
    .describe('How often a followed machine action is read.'),
  findLimit: z.number().int().min(1).max(100).default(20).describe('Most devices find_devices returns.'),
});

export type DevicesOptions = z.output<typeof DevicesOptions>;
