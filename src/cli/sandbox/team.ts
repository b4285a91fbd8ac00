import { readdirSync } from 'node:fs';
import { createApiKey } from '../../kernel/auth/api-keys.js';
import { PROTECTED_RESOURCE_PATH } from '../../kernel/transports/http-auth.js';
import type { CliConfig } from '../config.js';
import { defaultSandboxConfig } from './default-config.js';

type Config = CliConfig['config'];

/** A principal of the team sandbox, with the key it authenticates with. */
export interface TeamPrincipal {
  readonly name: string;
  readonly role: string;
  readonly apiKey: string;
}

/** The three principals: who reads, who acts (but cannot approve), who approves (but reads). */
const TEAM_ROLES = {
  reader: { description: 'Reads only.', maxTier: 'read', tenants: '*', mayApprove: false },
  responder: {
    description: 'Acts up to destructive; cannot approve.',
    maxTier: 'destructive',
    tenants: '*',
    mayApprove: false,
  },
  approver: { description: 'Reads and approves.', maxTier: 'read', tenants: '*', mayApprove: true },
} as const;

/** Every built-in plugin of this build, enabled, up to `destructive`. */
export function teamSandboxConfig(
  builtinDir: string,
  warn: (message: string) => void,
): Record<string, unknown> {
  const base = defaultSandboxConfig(builtinDir, warn);
  const builtins = readdirSync(builtinDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return {
    ...base,
    plugins: Object.fromEntries(builtins.map((entry) => [entry.name, true])),
    // Four eyes: the responder's destructive calls wait for the approver in the console, whatever
    // the client (its own elicitation form would let the responder approve themselves).
    policy: { maxTier: 'destructive', approval: { mode: 'console' } },
  };
}

/** The config with team auth on: one fresh API key per principal, stored as a hash. */
export function withTeamAuth(config: Config): { config: Config; principals: TeamPrincipal[] } {
  const principals = Object.keys(TEAM_ROLES).map((role) => ({ name: role, role, apiKey: createApiKey() }));
  const auth = {
    ...config.auth,
    roles: { ...config.auth.roles, ...TEAM_ROLES },
    apiKeys: principals.map((p) => ({ name: p.name, role: p.role, hash: p.apiKey.hash })),
  };
  return {
    config: { ...config, auth: auth as Config['auth'] },
    principals: principals.map((p) => ({ name: p.name, role: p.role, apiKey: p.apiKey.key })),
  };
}

/** The one JSON line `sandbox --team --json` prints, for scripts and tests. */
export function teamJson(url: URL, principals: readonly TeamPrincipal[]): string {
  const oauthMetadata = new URL(`${PROTECTED_RESOURCE_PATH}${url.pathname}`, url.origin).href;
  return `${JSON.stringify({ url: url.href, principals, oauthMetadata })}\n`;
}

/** The banner's team part: how each principal connects. */
export function teamHelp(url: URL, principals: readonly TeamPrincipal[]): string {
  const lines = principals.map(
    (p) => `  ${p.name.padEnd(10)} role ${p.role.padEnd(10)} X-API-Key: ${p.apiKey}`,
  );
  return `\nTeam mode: authentication on. Principals (send the key as X-API-Key or Authorization: Bearer):\n${lines.join('\n')}\n  e.g. claude mcp add --transport http xdr-sandbox ${url.href} --header "X-API-Key: <key>"\n`;
}
