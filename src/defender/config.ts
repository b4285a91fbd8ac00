import { z } from 'zod';
import { CLOUD_NAMES } from './clouds.js';

/**
 * The `tenants` section of the operator config (the cross-team contract in BRIEF.md). Strict at
 * every level: a typo in a credential key must fail loudly, not fall back to something weaker.
 */
export const TENANT_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const Guid = z.string().regex(GUID_PATTERN, 'must be a GUID');
const EnvName = z.string().regex(ENV_NAME_PATTERN, 'must be an environment variable name');
const HttpsUrl = z
  .url({ protocol: /^https$/ })
  .describe('An https URL without a trailing path, e.g. https://127.0.0.1:8443');

export const PfxCredentialSchema = z
  .object({
    kind: z.literal('certificate'),
    pfxPath: z.string().min(1).describe('PFX/PKCS#12 file holding the private key and certificate.'),
    passphraseEnv: EnvName.optional().describe('Environment variable holding the PFX passphrase.'),
    passphrase: z
      .string()
      .optional()
      .describe('Inline passphrase: works, but warned (prefer passphraseEnv).'),
  })
  .strict();

export const PemCredentialSchema = z
  .object({
    kind: z.literal('certificate'),
    keyPath: z.string().min(1).describe('PEM private key (PKCS#8 or PKCS#1, optionally encrypted).'),
    certPath: z.string().min(1).describe('PEM certificate (chain allowed; the first is the leaf).'),
    passphraseEnv: EnvName.optional().describe('Environment variable holding the key passphrase.'),
  })
  .strict();

export const SecretCredentialSchema = z
  .object({
    kind: z.literal('secret'),
    secretEnv: EnvName.describe(
      'Environment variable holding the client secret (weaker than a certificate).',
    ),
  })
  .strict();

export const ManagedIdentityCredentialSchema = z
  .object({
    kind: z.literal('managedIdentity'),
    clientId: Guid.optional().describe('User-assigned identity client id; omit for system-assigned.'),
  })
  .strict();

export const CredentialSchema = z.union([
  PfxCredentialSchema,
  PemCredentialSchema,
  SecretCredentialSchema,
  ManagedIdentityCredentialSchema,
]);

export const CustomCloudSchema = z
  .object({
    loginUrl: HttpsUrl,
    graphUrl: HttpsUrl,
    mdeUrl: HttpsUrl,
    managedIdentityUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export const TenantEntrySchema = z
  .object({
    tenantId: Guid,
    clientId: Guid,
    credential: CredentialSchema,
    cloud: z.union([z.enum(CLOUD_NAMES), CustomCloudSchema]).optional(),
    caFile: z
      .string()
      .min(1)
      .optional()
      .describe('Extra CA (PEM) to trust: a TLS-inspecting proxy or the emulator.'),
    proxy: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe('Overrides HTTPS_PROXY for this tenant.'),
  })
  .strict();

export const TenantsSectionSchema = z
  .object({
    default: z.string().optional().describe('Key of the default tenant; required with more than one tenant.'),
    file: z
      .string()
      .min(1)
      .optional()
      .describe('Tenants JSON in the Python mcp-defender-xdr format (mode 0600).'),
    concurrency: z.number().int().min(1).max(50).optional().describe('Fan-out concurrency for tenant "*".'),
    list: z
      .record(
        z.string().regex(TENANT_KEY_PATTERN, 'tenant keys match ^[a-z0-9][a-z0-9-]{0,62}$'),
        TenantEntrySchema,
      )
      .optional(),
  })
  .strict();

/** The section as the config holds it: optional, because a single tenant can come from the environment. */
export const TenantsConfigSchema = TenantsSectionSchema.optional();

/** For `createConfigSchema(tenantsConfigShape)` (equivalently `createConfigSchema({ tenants: TenantsConfigSchema })`). */
export const tenantsConfigShape = { tenants: TenantsConfigSchema };

export type TenantsSection = z.output<typeof TenantsSectionSchema>;
export type TenantEntry = z.output<typeof TenantEntrySchema>;
export type CustomCloudConfig = z.output<typeof CustomCloudSchema>;

/**
 * A credential as the loader sees it. Wider than the config schema on purpose: a PEM from the
 * Python tenants file may carry its inline passphrase, which the TS config never accepts.
 */
export type CredentialSpec =
  | z.output<typeof PfxCredentialSchema>
  | (z.output<typeof PemCredentialSchema> & { passphrase?: string })
  | z.output<typeof SecretCredentialSchema>
  | z.output<typeof ManagedIdentityCredentialSchema>;
