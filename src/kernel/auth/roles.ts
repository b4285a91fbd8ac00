import type { AuthConfig, RoleConfig } from '../config/auth-schema.js';
import { isAbove, type RiskTier } from '../risk.js';
import type { Principal, ToolDescriptor } from '../types.js';

/** A role as principals carry it: what they may list, call and approve. */
export interface RoleGrant {
  readonly name: string;
  readonly maxTier: RiskTier;
  /** Tenant keys this role may use, or 'all'. */
  readonly tenants: readonly string[] | 'all';
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly mayApprove: boolean;
}

function grantOf(name: string, role: RoleConfig): RoleGrant {
  return {
    name,
    maxTier: role.maxTier,
    tenants: role.tenants === '*' ? 'all' : role.tenants,
    ...(role.tools?.include ? { include: role.tools.include } : {}),
    ...(role.tools?.exclude ? { exclude: role.tools.exclude } : {}),
    mayApprove: role.mayApprove,
  };
}

/** The configured roles by name. */
export function roleGrants(auth: Pick<AuthConfig, 'roles'>): ReadonlyMap<string, RoleGrant> {
  return new Map(Object.entries(auth.roles).map(([name, role]) => [name, grantOf(name, role)]));
}

/**
 * Why a role withholds a tool the deployment enables, or undefined when it may use it. A principal
 * without a role (stdio, loopback HTTP without auth) is limited by the deployment's policy only.
 */
export function roleWithholds(role: RoleGrant | undefined, tool: ToolDescriptor): string | undefined {
  if (role === undefined) return undefined;
  if (role.include !== undefined && !role.include.includes(tool.name)) {
    return `not in role ${role.name}'s tools.include`;
  }
  if (role.exclude?.includes(tool.name)) return `in role ${role.name}'s tools.exclude`;
  if (isAbove(tool.tier, role.maxTier))
    return `tier ${tool.tier} is above role ${role.name}'s maxTier ${role.maxTier}`;
  return undefined;
}

/**
 * May this principal approve a pending destructive call (approval console, four eyes)? Principals
 * with a role may when their role says `mayApprove`; a principal without a role is the one local
 * operator of an unauthenticated deployment (stdio, loopback HTTP) and may. Four eyes (approver is
 * not the requester) is the approval step's own rule, on top of this.
 */
export function mayApprove(principal: Principal): boolean {
  return principal.role === undefined ? true : principal.role.mayApprove;
}

/** The tenant keys a principal may use ('all' = every configured tenant). */
export function allowedTenantsOf(principal: Principal): readonly string[] | 'all' {
  return principal.role?.tenants ?? 'all';
}
