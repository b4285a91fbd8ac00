import type { Principal } from './types.js';

/**
 * How a call's `tenant` argument maps to the tenant keys it reaches. The kernel keys rate limits,
 * confirmation tokens and audit records by these keys, never by the raw argument: omitting `tenant`,
 * naming the default and `"*"` must not be three budgets. The kernel knows no tenants itself: the layer
 * that does (the Defender access layer) registers one under TENANT_RESOLVER in the root container.
 */
export interface TenantResolver {
  /**
   * The keys `requested` reaches for this principal: one for a key or an omitted argument (the
   * default), every permitted one for `"*"`. Throws a ToolError for a key the caller may not use.
   */
  resolve(requested: string | undefined, principal: Principal): readonly string[];
}

/** Without a registered resolver: the argument as given, nothing when it is omitted. */
export const identityTenantResolver: TenantResolver = {
  resolve: (requested) => (requested === undefined ? [] : [requested]),
};

/** The single tenant a call reaches (write and destructive calls reach at most one), if known. */
export function singleTenant(tenants: readonly string[]): string | undefined {
  return tenants.length === 1 ? tenants[0] : undefined;
}
