/**
 * Example operator config for mcp-xdr: `npm start` serves it over stdio. Every key is optional
 * (defaults shown where it helps); unknown keys, plugins or tool names are errors, never ignored.
 * Check a config without serving: `node dist/src/cli/main.js check`; see what it exposes and why:
 * `node dist/src/cli/main.js tools`. Every key is described in docs/configuration.md.
 */
import { defineConfig } from './src/kernel/config/define.js';

export default defineConfig({
  // Plugins by built-in name (`hunting`), package name (`@acme/mcp-xdr-plugin`) or path (`./x`).
  // Only enabled plugins are imported: a disabled plugin's code never runs.
  // For now the example uses the `notes` test fixture (one read, one write, one destructive tool),
  // from its build so it shares the server's kernel (`npm start` builds first). It becomes the
  // Defender plugins against the sandbox once those exist.
  plugins: {
    './dist/test/fixtures/plugins/notes': {
      enabled: true,
      options: { maxNotes: 50 }, // checked by the plugin's own schema
      // tools: { include: ['list_notes'] },  // or { exclude: [...] }: a per-plugin allow/deny list
    },
  },

  policy: {
    // The ceiling: tools above it are neither listed nor callable. 'read' | 'write' | 'destructive'.
    // 'write' lets add_note run in two phases (preview, then a confirmation token); delete_all_notes
    // (destructive) stays withheld: `mcp-xdr tools` says so, naming policy.maxTier.
    maxTier: 'write',
    // Raise a tool's tier (never lower): list_notes would then need maxTier 'write' too.
    tierRaise: {},
    // Per tool, per tenant and per principal. A refused call gets `rate_limited` with the wait.
    rateLimits: { default: { perMinute: 60, perHour: 1000 }, tools: {} },
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
