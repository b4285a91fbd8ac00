/**
 * Example operator config for one real Defender XDR tenant, with every built-in plugin.
 *
 *   Try it safely first:  npm run build && node dist/src/cli/main.js sandbox --config mcp-xdr.config.ts
 *     (the same plugins and policy against the emulator's seeded tenants instead of `tenants` below)
 *   Check it offline:     node dist/src/cli/main.js check   (fails until the ids and the PFX below are yours)
 *   Check it online:      node dist/src/cli/main.js check --online   (signs in, checks the app's permissions)
 *   See what it exposes:  node dist/src/cli/main.js tools
 *   Serve it:             npm start   (stdio, for Claude Desktop / Claude Code)
 *
 * Every key is optional (defaults shown where it helps); unknown keys, plugins or tool names are
 * errors, never ignored. Every key is described in docs/configuration.md; the tools in docs/tools.md.
 */
import { defineConfig } from './src/kernel/config/define.js';

export default defineConfig({
  // Built-in plugins by name; packages (`@acme/mcp-xdr-plugin`) and paths (`./plugins/x`) work too.
  // Only enabled plugins are imported: a disabled plugin's code never runs.
  plugins: {
    incidents: true, // list_incidents, get_incident, list_alerts, get_alert
    hunting: {
      // run_hunting_query, get_hunting_schema (+ schema resources and hunt prompts)
      options: { maxRows: 500, allowExternalData: false }, // checked by the plugin's own schema
    },
    enrichment: {
      // enrich_device, enrich_user, enrich_ip, enrich_file
      options: { alertScanLimit: 500 },
      // tools: { exclude: ['enrich_file'] },  // or { include: [...] }: a per-plugin allow/deny list
    },
    devices: {
      // find_devices, get_device_actions, get_investigation_package (read); release_device, run_av_scan,
      // remove_app_restriction, collect_investigation_package (write); isolate_device, isolate_devices,
      // quarantine_file, restrict_app_execution (destructive). Above maxTier they are withheld.
      options: {
        // Never acted on, whatever the approval. Setting this block replaces the default (domain controllers).
        protected: { roles: ['domainController'], tags: [], namePatterns: [], ids: [], groups: [] },
        cooldownSeconds: 60, // the same action (or its undo) on one device
        hourlyCap: 10, // destructive device actions per tenant per hour; each device of a bulk call counts
        bulkMax: 25,
      },
    },
    // enable_account, confirm_user_compromised, dismiss_user_risk (write); disable_account,
    // force_password_reset, revoke_sessions (destructive). Default protection: Global Administrator and
    // Privileged Role Administrator holders; add break-glass UPNs in its options (docs/tools.md).
    identity: true,
    // list_indicators (read); delete_indicator (write); submit_indicator (destructive: a block stops
    // things on devices, so a person approves every submission). Blocks always expire (30 days by
    // default). The never-block list (`protected`) defaults to private, loopback and link-local
    // addresses and Microsoft's update domains; setting it replaces those defaults, so to add your own
    // domains copy the full example in docs/configuration.md#indicators.
    indicators: {
      options: {
        protectedRanges: ['198.51.100.0/24'],
        defaultExpirationDays: 30,
        maxExpirationDays: 90,
        allowPermanentBlocks: false,
      },
    },
  },

  // The Microsoft Entra app registration(s) mcp-xdr signs in with. See docs/configuration.md#tenants.
  tenants: {
    default: 'contoso',
    list: {
      contoso: {
        // Replace with your tenant id and the app registration's client id.
        tenantId: '00000000-0000-0000-0000-000000000000',
        clientId: '00000000-0000-0000-0000-000000000000',
        // Certificate auth: a PFX (relative to this file) whose passphrase is in an environment
        // variable. The secret never sits in this file. PEM key + certificate and managed identity
        // work too; a client secret works but is warned about.
        credential: {
          kind: 'certificate',
          pfxPath: './secrets/contoso-mcp-xdr.pfx',
          passphraseEnv: 'MCP_XDR_CONTOSO_PFX_PASSPHRASE',
        },
        cloud: 'public', // 'gcc' | 'gcchigh' | 'dod'
        // caFile: '/etc/ssl/corp-proxy-ca.pem',  // a TLS-inspecting proxy's CA
        // proxy: 'http://proxy.corp:3128',        // overrides HTTPS_PROXY for this tenant
      },
      // More tenants (MSSP): add keys here; read tools then take tenant: "*" to ask them all.
    },
  },

  policy: {
    // The ceiling: tools above it are neither listed nor callable. 'read' | 'write' | 'destructive'.
    // 'destructive' exposes every built-in tool, the devices plugin's acting tools included, so the
    // sandbox (`sandbox --config mcp-xdr.config.ts`) lets you try them on emulated data. Writes need
    // the preview's token; destructive ones also a person's approval in the client; protected devices,
    // cooldowns and the hourly cap apply whatever the approval. On a real tenant, choose deliberately:
    // 'read' withholds every acting tool, 'write' the destructive ones.
    maxTier: 'destructive',
    // Raise a tool's tier (never lower), e.g. make a hunt need confirmation: { run_hunting_query: 'write' }.
    tierRaise: {},
    // Per tool, per tenant and per principal. A refused call gets `rate_limited` with the wait.
    rateLimits: {
      default: { perMinute: 60, perHour: 1000 },
      // Defender allows 45 hunting queries a minute per tenant: keep well below it.
      tools: { run_hunting_query: { perMinute: 10, perHour: 300 } },
    },
    // Write tools: how long a preview's confirmation token stays valid. Set the HMAC secret in the
    // environment variable named by secretEnv when several replicas must accept each other's tokens.
    confirmation: { ttlSeconds: 300, secretEnv: 'MCP_XDR_CONFIRMATION_SECRET' },
    // Destructive tools: how long to wait for the human's answer to the approval form.
    approval: { timeoutSeconds: 120, dangerouslySkipHumanApproval: false },
    timeouts: { defaultMs: 120_000, tools: {} },
    // Results over this many bytes are cut, with an explicit truncation notice.
    outputBudgetBytes: 256 * 1024,
  },

  // Hash-chained JSON lines: to stderr, and to a file created 0600 when `file` is set.
  // Verify a file with `mcp-xdr audit verify FILE`.
  audit: { stderr: true /* , file: './.mcp-xdr-audit.jsonl' */ },

  server: {
    name: 'mcp-xdr',
    // 'stdio' for a local client (Claude Desktop, Claude Code); 'http' for Streamable HTTP at /mcp.
    // Override per run: `mcp-xdr serve --transport http --port 3000`.
    transport: 'stdio',
    http: {
      // Loopback only until inbound authentication exists: any other address is refused (exit 2).
      host: '127.0.0.1',
      port: 3000,
      // DNS-rebinding defence: Host and Origin headers accepted besides the loopback spellings.
      allowedHosts: [],
      allowedOrigins: [],
      maxBodyBytes: 1_000_000,
    },
  },

  // Operational logs (pino, on stderr; stdout carries only JSON-RPC on stdio).
  logLevel: 'info',
});
