import { defineConfig } from '../src/kernel/config/define.js';

const scaled = process.env.MCP_XDR_BENCH_TOOLS !== undefined;

/**
 * The tenantless deployment `npm run bench` measures, loaded from its build (dist/bench/bench.config.js).
 * The whole chain stays on: audit to a file (path from the bench runner), rate limits with room for
 * the call loops, output budget and timeouts at their defaults. With MCP_XDR_BENCH_TOOLS = N it
 * serves N equal read tools instead (the scaling fixture).
 */
export default defineConfig({
  plugins: scaled ? { './plugins/many': true } : { '../test/fixtures/plugins/conformance': true },
  policy: {
    maxTier: 'read',
    rateLimits: { default: { perMinute: 1_000_000, perHour: 10_000_000 } },
  },
  audit: { stderr: false, file: process.env.MCP_XDR_BENCH_AUDIT },
  logLevel: 'warn',
});
