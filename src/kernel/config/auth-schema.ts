import { z } from 'zod';
import { RISK_TIERS } from '../risk.js';

/** Names of roles, keys and principals: they appear in audit records and URLs, so kept plain. */
const Name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');

const RoleSchema = z
  .object({
    description: z.string().optional().describe('What the role is for (shown by `mcp-xdr tools --role`).'),
    maxTier: z
      .enum(RISK_TIERS)
      .describe('Highest tier this role may list and call (never above policy.maxTier).'),
    tenants: z
      .union([z.literal('*'), z.array(z.string()).min(1)])
      .default('*')
      .describe(
        'Tenant keys this role may use; "*" = every configured tenant. `tenant: "*"` fans out to these only.',
      ),
    tools: z
      .object({
        include: z
          .array(z.string())
          .optional()
          .describe('Only these tools (names), of those the deployment enables.'),
        exclude: z.array(z.string()).optional().describe('Every enabled tool except these.'),
      })
      .strict()
      .optional()
      .describe('Narrows the tools further, by name.'),
    mayApprove: z
      .boolean()
      .default(false)
      .describe('Whether principals of this role may approve destructive calls.'),
  })
  .strict();

const ApiKeySchema = z
  .object({
    name: Name.describe('The principal this key authenticates (audit records name it).'),
    role: Name.describe('A role of auth.roles.'),
    hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, 'sha256:<64 hex digits>, as `mcp-xdr keys create` prints it')
      .describe('SHA-256 of the key (never the key itself): `mcp-xdr keys create NAME --role R` prints it.'),
  })
  .strict();

const Cidr = z.string().describe('An address (10.0.0.5) or a range in CIDR notation (10.0.0.0/8, fd00::/8).');

const EntraSchema = z
  .object({
    authority: z
      .string()
      .url()
      .default('https://login.microsoftonline.com')
      .describe('The Entra ID authority host (sovereign clouds have their own).'),
    tenants: z
      .array(z.string().regex(/^[0-9a-f-]{36}$/i, 'an Entra tenant id (GUID)'))
      .min(1)
      .describe(
        'Entra tenants whose tokens are accepted (the `tid` claim); the first names the authorization server.',
      ),
    audience: z
      .array(z.string())
      .min(1)
      .describe(
        "Accepted `aud` values: this server's resource URL (RFC 8707) and/or its app id URI or client id.",
      ),
    appRoles: z
      .record(z.string(), Name)
      .default({})
      .describe('App role value (the `roles` claim) -> a role of auth.roles. The first that matches wins.'),
    groups: z
      .record(z.string(), Name)
      .default({})
      .describe('Group object id (the `groups` claim) -> a role of auth.roles, tried after appRoles.'),
    algorithms: z
      .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384']))
      .min(1)
      .default(['RS256'])
      .describe('Accepted signature algorithms (Entra signs with RS256).'),
    clockSkewSeconds: z.number().int().min(0).max(300).default(60).describe('Tolerance for exp and nbf.'),
    jwksCooldownSeconds: z
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(30)
      .describe(
        'After fetching signing keys, a token with an unknown key id (rotation) refetches them only after this long.',
      ),
    scopes: z.array(z.string()).default([]).describe('Scopes advertised in the protected resource metadata.'),
    caFile: z
      .string()
      .optional()
      .describe('Extra CA (PEM) to trust for the JWKS fetch: a TLS-inspecting proxy, or the emulator.'),
  })
  .strict();

export const AuthSchema = z
  .object({
    roles: z.record(Name, RoleSchema).default({}).describe('Role name -> what its principals may do.'),
    apiKeys: z
      .array(ApiKeySchema)
      .default([])
      .describe('API keys, stored as hashes, each a principal with a role.'),
    entra: EntraSchema.optional().describe('Accept Entra ID access tokens (OAuth 2.1 resource server).'),
    resource: z
      .string()
      .url()
      .optional()
      .describe(
        "The public URL of this server's /mcp endpoint (behind a proxy); default: the bound address.",
      ),
    trustedProxies: z
      .array(Cidr)
      .default([])
      .describe('Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (your reverse proxy).'),
    allowedClients: z
      .array(Cidr)
      .default([])
      .describe('When set, only client addresses in these ranges are served (others get 403).'),
    failedAuth: z
      .object({
        max: z.number().int().min(1).default(10).describe('Failed attempts per address per window.'),
        windowSeconds: z
          .number()
          .int()
          .min(1)
          .default(300)
          .describe('The window; the address is refused until it ends.'),
      })
      .strict()
      .default({ max: 10, windowSeconds: 300 })
      .describe('Repeated failed authentication from one address is refused (429) for a while.'),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const known = new Set(Object.keys(auth.roles));
    const check = (role: string, path: (string | number)[]) => {
      if (!known.has(role))
        ctx.addIssue({ code: 'custom', path, message: `no role "${role}" in auth.roles` });
    };
    const names = new Set<string>();
    auth.apiKeys.forEach((key, i) => {
      check(key.role, ['apiKeys', i, 'role']);
      if (names.has(key.name))
        ctx.addIssue({
          code: 'custom',
          path: ['apiKeys', i, 'name'],
          message: `"${key.name}" is used twice`,
        });
      names.add(key.name);
    });
    for (const [value, role] of Object.entries(auth.entra?.appRoles ?? {}))
      check(role, ['entra', 'appRoles', value]);
    for (const [group, role] of Object.entries(auth.entra?.groups ?? {}))
      check(role, ['entra', 'groups', group]);
  });

export type AuthConfig = z.output<typeof AuthSchema>;
export type RoleConfig = z.output<typeof RoleSchema>;
export type ApiKeyConfig = z.output<typeof ApiKeySchema>;
export type EntraConfig = z.output<typeof EntraSchema>;

/** Inbound authentication is on when any credential kind is configured. */
export function authEnabled(auth: AuthConfig): boolean {
  return auth.apiKeys.length > 0 || auth.entra !== undefined;
}
