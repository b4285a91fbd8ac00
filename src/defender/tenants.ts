import { allowedTenantsOf } from '../kernel/auth/roles.js';
import { ToolError } from '../kernel/errors.js';
import type { Principal } from '../kernel/types.js';
import type { ResolvedTenants, TenantDefinition } from './tenant-sources.js';

/** Which tenant keys a principal may use (default: its role's tenants; no role = all). */
export type AllowedTenants = (principal: Principal) => readonly string[] | 'all';

export const ALL_TENANTS = '*';

/**
 * The configured tenants and how a tool's `tenant` argument resolves: omitted = default, a key =
 * that tenant, `"*"` = every tenant the caller may use. Unknown or forbidden keys get the same
 * error, which never echoes the key (it may be attacker-chosen text, or probe for other customers).
 */
export class Tenants {
  readonly defaultKey: string;
  readonly concurrency: number;
  private readonly byKey: ReadonlyMap<string, TenantDefinition>;
  private readonly allowed: AllowedTenants;

  constructor(resolved: ResolvedTenants, allowedTenants: AllowedTenants = allowedTenantsOf) {
    this.byKey = new Map(resolved.tenants.map((t) => [t.key, t]));
    this.defaultKey = resolved.defaultKey;
    this.concurrency = resolved.concurrency;
    this.allowed = allowedTenants;
  }

  /** Every configured tenant, in configuration order. */
  all(): TenantDefinition[] {
    return [...this.byKey.values()];
  }

  /** For code that already holds a trusted key (from our own configuration). */
  get(key: string): TenantDefinition {
    const tenant = this.byKey.get(key);
    if (!tenant) throw unknownTenant();
    return tenant;
  }

  /** Resolves a tool's `tenant` argument into one or more tenants the principal may use. */
  resolve(requested: string | undefined, principal: Principal): TenantDefinition[] {
    const permitted = this.permitted(principal);
    if (requested === ALL_TENANTS) {
      if (permitted.length === 0) throw unknownTenant();
      return permitted;
    }
    const key = requested ?? this.defaultKey;
    const tenant = permitted.find((t) => t.key === key);
    if (!tenant) throw unknownTenant();
    return [tenant];
  }

  /** Exactly one tenant: write and destructive tools never fan out. */
  resolveOne(requested: string | undefined, principal: Principal): TenantDefinition {
    if (requested === ALL_TENANTS) {
      throw new ToolError(
        'validation_error',
        'This tool acts on exactly one tenant; "*" is not allowed here.',
        {
          hint: 'Name one tenant key, or omit tenant for the default.',
        },
      );
    }
    const [tenant] = this.resolve(requested, principal);
    if (!tenant) throw unknownTenant();
    return tenant;
  }

  private permitted(principal: Principal): TenantDefinition[] {
    const allowed = this.allowed(principal);
    if (allowed === 'all') return this.all();
    const set = new Set(allowed);
    return this.all().filter((t) => set.has(t.key));
  }
}

function unknownTenant(): ToolError {
  return new ToolError('validation_error', 'Unknown tenant.', {
    hint: 'Use a configured tenant key, "*" for all tenants, or omit tenant for the default.',
  });
}
