import { decodeJwt } from 'jose';
import { isToolError } from '../kernel/errors.js';
import type { TenantsSection } from './config.js';
import { createDefender, type DefenderOptions } from './register.js';
import type { Resource } from './tokens.js';

/** What one enabled tool needs: any one of `permissions` on `resource` (e.g. ReadWrite covers Read). */
export interface ToolPermissionNeed {
  readonly tool: string;
  readonly resource: Resource;
  readonly permissions: readonly string[];
}

export interface TenantCheck {
  readonly tenant: string;
  readonly credential: {
    kind: string;
    notAfter?: string;
    daysLeft?: number;
    warning?: string;
    error?: string;
  };
  readonly resources: Partial<Record<Resource, { ok: boolean; roles?: string[]; error?: string }>>;
  readonly missing: { tool: string; resource: Resource; permission: string }[];
  readonly usable: boolean;
}

export interface OnlineReport {
  /** True when every tenant has a working credential, tokens, and every permission. Exit 0 vs 1. */
  readonly ok: boolean;
  readonly tenants: TenantCheck[];
  /** A plain-text table for the terminal (no secrets: key names, dates, permission names). */
  readonly table: string;
}

const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * `mcp-xdr check --online`: per tenant, load the credential (warn within 30 days of expiry), get a
 * token for each resource the enabled tools use, read the granted roles from it, and list the tools
 * whose permissions are missing. The CLI prints `table` and exits 0/1 on `ok`.
 */
export async function checkOnline(
  config: { tenants?: TenantsSection | undefined },
  enabledToolPermissions: readonly ToolPermissionNeed[],
  options: DefenderOptions = {},
): Promise<OnlineReport> {
  const layer = createDefender(config.tenants, { onWarning: () => undefined, ...options });
  const now = (options.now ?? Date.now)();
  const resources: Resource[] = enabledToolPermissions.length
    ? [...new Set(enabledToolPermissions.map((n) => n.resource))]
    : ['graph', 'mde'];
  try {
    const tenants: TenantCheck[] = [];
    for (const tenant of layer.tenants.all()) {
      const check: TenantCheck = {
        tenant: tenant.key,
        credential: { kind: tenant.credential.kind },
        resources: {},
        missing: [],
        usable: false,
      };
      try {
        const credential = layer.tokens.credential(tenant.key);
        if (credential.kind === 'certificate') {
          const daysLeft = Math.floor((credential.notAfter.getTime() - now) / DAY_MS);
          Object.assign(check.credential, { notAfter: credential.notAfter.toISOString(), daysLeft });
          if (daysLeft < EXPIRY_WARNING_DAYS)
            check.credential.warning = `certificate expires in ${daysLeft} days`;
        }
      } catch (error) {
        check.credential.error = message(error);
        tenants.push(check);
        continue;
      }
      for (const resource of resources) {
        try {
          const claims = decodeJwt(await layer.tokens.getToken(tenant.key, resource));
          const roles = Array.isArray(claims.roles)
            ? claims.roles.filter((r): r is string => typeof r === 'string')
            : [];
          check.resources[resource] = { ok: true, roles };
          for (const need of enabledToolPermissions.filter((n) => n.resource === resource)) {
            if (!need.permissions.some((p) => roles.includes(p))) {
              check.missing.push({ tool: need.tool, resource, permission: need.permissions[0] ?? '?' });
            }
          }
        } catch (error) {
          check.resources[resource] = { ok: false, error: message(error) };
        }
      }
      const tokensOk = resources.every((r) => check.resources[r]?.ok);
      tenants.push({ ...check, usable: tokensOk && check.missing.length === 0 });
    }
    return { ok: tenants.every((t) => t.usable), tenants, table: renderTable(tenants) };
  } finally {
    await layer.close();
  }
}

function message(error: unknown): string {
  if (isToolError(error)) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return 'internal error';
}

function renderTable(tenants: readonly TenantCheck[]): string {
  const rows: string[][] = [['tenant', 'credential', 'graph', 'mde', 'missing permissions']];
  for (const t of tenants) {
    const cred = t.credential.error
      ? `ERROR: ${t.credential.error}`
      : `${t.credential.kind}${t.credential.notAfter ? ` until ${t.credential.notAfter.slice(0, 10)}` : ''}${t.credential.warning ? ` (WARNING: ${t.credential.warning})` : ''}`;
    const res = (r: Resource) => {
      const s = t.resources[r];
      return s === undefined ? '-' : s.ok ? 'ok' : `ERROR: ${s.error}`;
    };
    const missing = t.missing.map((m) => `${m.tool}: ${m.permission}`).join('; ') || '-';
    rows.push([t.tenant, cred, res('graph'), res('mde'), missing]);
  }
  const widths =
    rows[0]?.map((_, i) => Math.min(60, Math.max(...rows.map((r) => (r[i] ?? '').length)))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
