import { z } from 'zod';
import { RISK_TIERS } from '../risk.js';
import { AuthSchema } from './auth-schema.js';

const Tier = z.enum(RISK_TIERS);

const ToolFilter = z
  .object({
    include: z.array(z.string()).optional().describe('Only these tools of the plugin (names).'),
    exclude: z.array(z.string()).optional().describe('All tools of the plugin except these.'),
  })
  .strict();

const PluginEntry = z.union([
  z.boolean(),
  z
    .object({
      enabled: z.boolean().default(true),
      /** Validated later against the plugin's own `options` schema. */
      options: z.record(z.string(), z.unknown()).default({}),
      tools: ToolFilter.optional(),
    })
    .strict(),
]);

const RateLimitRule = z
  .object({
    perMinute: z.number().int().positive(),
    perHour: z.number().int().positive().optional(),
  })
  .strict();

/** How a person approves destructive calls (docs/security.md "Approval modes"). */
const ApprovalSchema = z
  .object({
    /** How long an elicitation form waits for its answer. */
    timeoutSeconds: z.number().int().min(5).max(3600).default(120),
    /** Lab only: runs destructive tools without a human. Logged loudly at start. */
    dangerouslySkipHumanApproval: z.boolean().default(false),
    /**
     * `auto`: the client's own form (MCP elicitation) when it has one, else the approval console;
     * `elicitation`: only the client's form (clients without one cannot run destructive tools);
     * `console`: always the approval console (four eyes: never the requester).
     */
    mode: z.enum(['auto', 'elicitation', 'console']).default('auto'),
    /** Tools that need two different approvers in the console (whatever the mode). */
    twoApprovers: z.array(z.string()).default([]),
    /** How long a pending approval may be decided and, once approved, used. */
    expirySeconds: z.number().int().min(30).max(86_400).default(900),
    console: z
      .object({
        /** stdio only: the loopback port of the console's own listener (0 = a free one). */
        port: z.number().int().min(0).max(65535).default(0),
        /** The console's address as approvers reach it (behind a proxy); default: the listener's. */
        publicUrl: z.string().url().optional(),
        /** Environment variable holding the local approver key (without team auth; and for the CLI). */
        approverKeyEnv: z.string().default('MCP_XDR_APPROVER_KEY'),
      })
      .strict()
      .default({ port: 0, approverKeyEnv: 'MCP_XDR_APPROVER_KEY' }),
  })
  .strict();

export const PolicySchema = z
  .object({
    /** Ceiling for this deployment: tools above it are neither listed nor callable. */
    maxTier: Tier.default('read'),
    /** Raise a tool's tier (never lower): `{ add_incident_comment: 'destructive' }`. */
    tierRaise: z.record(z.string(), Tier).default({}),
    rateLimits: z
      .object({
        /** Applied per tool, per tenant key and per principal. */
        default: RateLimitRule.default({ perMinute: 60, perHour: 1000 }),
        tools: z.record(z.string(), RateLimitRule).default({}),
      })
      .strict()
      .default({ default: { perMinute: 60, perHour: 1000 }, tools: {} }),
    confirmation: z
      .object({
        ttlSeconds: z.number().int().min(10).max(3600).default(300),
        /** Environment variable holding the HMAC secret (shared by all replicas). Unset: random per process. */
        secretEnv: z.string().default('MCP_XDR_CONFIRMATION_SECRET'),
      })
      .strict()
      .default({ ttlSeconds: 300, secretEnv: 'MCP_XDR_CONFIRMATION_SECRET' }),
    approval: ApprovalSchema.default(ApprovalSchema.parse({})),
    timeouts: z
      .object({
        defaultMs: z.number().int().positive().default(120_000),
        tools: z.record(z.string(), z.number().int().positive()).default({}),
      })
      .strict()
      .default({ defaultMs: 120_000, tools: {} }),
    /** Results over this many bytes are cut with an explicit truncation notice. */
    outputBudgetBytes: z
      .number()
      .int()
      .min(1024)
      .default(256 * 1024),
  })
  .strict();

export const AuditSchema = z
  .object({
    stderr: z.boolean().default(true),
    /** JSON lines, hash-chained, created with mode 0600. */
    file: z.string().optional(),
  })
  .strict();

export const ServerSchema = z
  .object({
    name: z.string().default('mcp-xdr'),
    transport: z.enum(['stdio', 'http']).default('stdio'),
    http: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(3000),
        /** Host header values accepted besides the bound address (DNS rebinding defence). */
        allowedHosts: z.array(z.string()).default([]),
        /** Origin header values accepted; requests without Origin are allowed (non-browser clients). */
        allowedOrigins: z.array(z.string()).default([]),
        maxBodyBytes: z.number().int().min(1024).default(1_000_000),
        /**
         * This replica's name behind a load balancer: the prefix of the session ids it issues, so the
         * balancer can send each session back to the replica holding it (docs/deployment.md).
         */
        replicaId: z
          .string()
          .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and dashes, at most 32')
          .optional(),
        /** Direct TLS from PEM files; behind a TLS-terminating proxy, leave it out. */
        tls: z
          .object({
            certFile: z.string().describe('Certificate chain (PEM).'),
            keyFile: z.string().describe('Private key (PEM).'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 3000,
        allowedHosts: [],
        allowedOrigins: [],
        maxBodyBytes: 1_000_000,
      }),
  })
  .strict();

/** Redis for `state.store: 'redis'`. Secrets come from the environment; the URL may name none. */
export const RedisSchema = z
  .object({
    /** Environment variable holding the URL (`redis://` or `rediss://`), used when `redisUrl` is absent. */
    urlEnv: z.string().default('MCP_XDR_REDIS_URL'),
    /** Environment variable holding the password (Redis `requirepass` or an ACL user's). */
    passwordEnv: z.string().default('MCP_XDR_REDIS_PASSWORD'),
    /** TLS even for a `redis://` URL; `caFile` trusts a private CA (PEM). `rediss://` turns TLS on too. */
    tls: z.union([z.boolean(), z.object({ caFile: z.string() }).strict()]).default(false),
    /** Every key goes under this prefix, so deployments can share one Redis. */
    keyPrefix: z.string().min(1).default('mcp-xdr:'),
    /** A Redis command with no answer after this long counts as Redis being down. */
    commandTimeoutMs: z.number().int().positive().default(2000),
  })
  .strict();

export const StateSchema = z
  .object({
    store: z.enum(['memory', 'redis']).default('memory'),
    /** `redis://host:port/db`; prefer `redis.urlEnv` when the URL carries a password. */
    redisUrl: z.string().optional(),
    redis: RedisSchema.default(RedisSchema.parse({})),
  })
  .strict();

const kernelShape = {
  /** Plugins by built-in name (`hunting`), package name (`@acme/mcp-xdr-x`) or path (`./plugins/x`). */
  plugins: z.record(z.string(), PluginEntry).default({}),
  policy: PolicySchema.default(PolicySchema.parse({})),
  audit: AuditSchema.default({ stderr: true }),
  server: ServerSchema.default(ServerSchema.parse({})),
  state: StateSchema.default(StateSchema.parse({})),
  /** Inbound authentication and roles for team deployments over HTTP (docs/deployment.md). */
  auth: AuthSchema.default(AuthSchema.parse({})),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
};

/**
 * The kernel's config schema, strict at every level. Layers outside the kernel (the Defender access
 * layer's `tenants`) add their sections here, so the kernel never learns about them.
 */
export function createConfigSchema<E extends z.ZodRawShape>(extensions: E) {
  return z.object({ ...kernelShape, ...extensions }).strict();
}

export const KernelConfigSchema = createConfigSchema({});
export type KernelConfig = z.output<typeof KernelConfigSchema>;
/** What an operator writes (defaults optional). */
export type KernelConfigInput = z.input<typeof KernelConfigSchema>;
export type PluginEntryConfig = z.output<typeof PluginEntry>;
export type PolicyConfig = z.output<typeof PolicySchema>;
export type ApprovalConfig = z.output<typeof ApprovalSchema>;
export type AuditConfig = z.output<typeof AuditSchema>;
export type ServerConfig = z.output<typeof ServerSchema>;
