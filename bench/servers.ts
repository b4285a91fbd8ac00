import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerCommand } from './measure.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const HTTP = ['--transport', 'http', '--port', '0'];

/**
 * Which build of mcp-xdr: this one, or (BENCH_BEFORE = the dist/ folder of another checkout, with
 * this bench built into it) the build before a change, run in the same loops for a before/after table.
 */
export interface Build {
  readonly label: string;
  readonly dist: string;
}

export const THIS_BUILD: Build = { label: 'mcp-xdr', dist: here('..') };

export function builds(): Build[] {
  const before = process.env.BENCH_BEFORE;
  return before ? [THIS_BUILD, { label: 'mcp-xdr before', dist: before }] : [THIS_BUILD];
}

/** mcp-xdr, tenantless: the bench config (conformance fixture, or N scaling tools), audit to a file. */
export function oursTenantless(build: Build, auditFile: string, tools?: number): ServerCommand {
  return {
    label: tools === undefined ? build.label : `${build.label} ${tools} tools`,
    args: [
      join(build.dist, 'src/cli/main.js'),
      'serve',
      '--config',
      join(build.dist, 'bench/bench.config.js'),
    ],
    httpArgs: HTTP,
    env: {
      MCP_XDR_BENCH_AUDIT: auditFile,
      MCP_XDR_BENCH_TOOLS: tools === undefined ? undefined : String(tools),
    },
  };
}

/** mcp-xdr on the production path: `serve` in the folder of the default `.ts` config (found by the search). */
export function oursProduction(build: Build, dir: string, env: Record<string, string>): ServerCommand {
  return {
    label: `${build.label} production`,
    args: [join(build.dist, 'src/cli/main.js'), 'serve'],
    cwd: dir,
    env,
  };
}

/** A server of the same tools on another framework (or none). */
export function peer(kind: 'bare' | 'fastmcp' | 'mcp-framework', tools: readonly string[]): ServerCommand {
  const script = {
    bare: './bare-server.js',
    fastmcp: './peers/fastmcp-server.js',
    'mcp-framework': './peers/mcp-framework-server.js',
  }[kind];
  return {
    label: kind === 'bare' ? 'bare SDK' : kind,
    args: [here(script), ...tools],
    ...(kind === 'bare' ? { httpArgs: ['--http'] } : {}),
  };
}
