import { Rng } from './prng.js';

/** Who a seeded tenant is: the identity every record of the tenant refers to. */
export interface TenantInfo {
  /** Config key, e.g. `contoso`. */
  key: string;
  /** Entra tenant id (GUID), deterministic from the seed and key. */
  tenantId: string;
  /** Initial verified domain, e.g. `contoso.onmicrosoft.com`: users' UPNs end with it. */
  domain: string;
  displayName: string;
  /** NetBIOS domain of the on-premises Active Directory, e.g. `CONTOSO`. */
  netbiosDomain: string;
  /** DNS suffix of the tenant's machines, e.g. `corp.contoso.com`. */
  dnsSuffix: string;
  /** Domain SID prefix for accounts, `S-1-5-21-a-b-c`. */
  domainSid: string;
}

export interface TenantSpec {
  key: string;
  displayName?: string;
  domain?: string;
}

export const DEFAULT_TENANTS: readonly TenantSpec[] = [{ key: 'contoso' }, { key: 'fabrikam' }];

const TENANT_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function tenantInfo(seed: number, spec: TenantSpec): TenantInfo {
  if (!TENANT_KEY.test(spec.key)) throw new Error(`invalid tenant key: ${JSON.stringify(spec.key)}`);
  const rng = Rng.of(seed, 'tenant', spec.key);
  const word = spec.key.replace(/-/g, '');
  const displayName = spec.displayName ?? spec.key.charAt(0).toUpperCase() + spec.key.slice(1);
  return {
    key: spec.key,
    tenantId: rng.guid(),
    domain: spec.domain ?? `${word}.onmicrosoft.com`,
    displayName,
    netbiosDomain: word.slice(0, 15).toUpperCase(),
    dnsSuffix: `corp.${word}.com`,
    domainSid: `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`,
  };
}
