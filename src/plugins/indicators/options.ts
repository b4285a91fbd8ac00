import { z } from 'zod';
import { ADDRESS_ROLES, isCidr } from '../../defender/indicators/index.js';
import { protectedTargetsOption, responseLimitOptions } from '../../kernel/index.js';

/**
 * Microsoft's own update and protection services: blocking them stops devices from getting the
 * fixes and signatures that would clean them. Refused for blocks by default.
 */
export const MICROSOFT_UPDATE_DOMAINS = [
  'windowsupdate.com',
  '*.windowsupdate.com',
  'windowsupdate.microsoft.com',
  '*.windowsupdate.microsoft.com',
  'update.microsoft.com',
  '*.update.microsoft.com',
  '*.delivery.mp.microsoft.com',
  'download.microsoft.com',
  'go.microsoft.com',
  'definitionupdates.microsoft.com',
  '*.wdcp.microsoft.com',
  '*.wd.microsoft.com',
  '*.smartscreen.microsoft.com',
  '*.securitycenter.windows.com',
  'api.securitycenter.microsoft.com',
  '*.security.microsoft.com',
];

const Cidr = z
  .string()
  .max(64)
  .refine(isCidr, 'an address range is CIDR, e.g. "198.51.100.0/24" or "2001:db8::/32"');

/** The indicators plugin's section of the operator config (`plugins.indicators.options`). */
export const IndicatorsOptions = z.object({
  protected: protectedTargetsOption(
    {
      namePatterns: MICROSOFT_UPDATE_DOMAINS,
      roles: [ADDRESS_ROLES.private, ADDRESS_ROLES.loopback, ADDRESS_ROLES.linkLocal],
    },
    'The never-block list: values never blocked (Block, AlertAndBlock, BlockAndRemediate). `ids`: exact ' +
      "values (your own tools' hashes, an address, a domain, a URL); `namePatterns`: domain globs that " +
      'also cover URLs on them ("contoso.com", "*.contoso.com"); `roles`: address kinds "privateAddress", ' +
      '"loopback", "linkLocal". Default: Microsoft\'s update and protection domains and private, loopback ' +
      'and link-local addresses.',
  ),
  protectedRanges: z
    .array(Cidr)
    .max(500)
    .default([])
    .describe(
      'Address ranges (CIDR) never blocked, e.g. your own public ranges "198.51.100.0/24"; IP indicators ' +
        'and URLs whose host is an address in a range are refused for blocks.',
    ),
  ...responseLimitOptions(
    { cooldownSeconds: 300, hourlyCap: 20 },
    {
      cooldown:
        'A value submitted or deleted is not submitted or deleted again for this long (refuses flapping block/delete).',
      cap: 'Blocking indicators (Block, AlertAndBlock, BlockAndRemediate) submitted per tenant per hour.',
    },
  ),
  defaultExpirationDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('The expiration of an indicator submitted without expiresInDays.'),
  maxExpirationDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe('The longest expiresInDays a caller may ask for.'),
  allowPermanentBlocks: z
    .boolean()
    .default(false)
    .describe('Whether a blocking indicator may be submitted without an expiration (permanent: true).'),
  listLimit: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('Most indicators list_indicators returns.'),
});

export type IndicatorsOptions = z.output<typeof IndicatorsOptions>;
