import type { Machine } from './model.js';
import { Rng } from './prng.js';
import {
  type CveFacts,
  compareCves,
  OS_PRODUCTS,
  PRODUCTS,
  type ProductFacts,
  platformOf,
  severityRank,
} from './software-catalog.js';
import { DAY, iso7 } from './time.js';
import type { TenantData, World } from './world.js';

/**
 * What each machine runs and what that exposes it to (Defender Vulnerability Management). Derived
 * from the machines, on first use, with generators of its own (labels `tvm:<machine id>`), so the
 * rest of the world is unchanged. A machine's `exposureLevel` decides how bad its worst software is:
 * None = fully patched, Low = at most Medium CVEs, Medium = no Critical, High = its worst products.
 */

export interface Installed {
  machine: Machine;
  product: ProductFacts;
  version: string;
  /** The CVEs of this version on this machine (empty when patched). */
  cves: readonly CveFacts[];
  firstSeen: string;
  lastSeen: string;
}

/** One CVE on one machine through one product. */
export interface Exposure {
  installed: Installed;
  cve: CveFacts;
}

export interface TenantVulnerabilities {
  installed: readonly Installed[];
  exposures: readonly Exposure[];
  /** Installed software of a machine, OS first. */
  softwareOf(machineId: string): readonly Installed[];
  /** A machine's exposures, worst first. */
  exposuresOf(machineId: string): readonly Exposure[];
}

const VULNERABLE_PRODUCTS: Readonly<Record<string, number>> = { None: 0, Low: 1, Medium: 2, High: 3 };
const WORST_ALLOWED: Readonly<Record<string, number>> = { None: 0, Low: 2, Medium: 3, High: 4 };

const worstOf = (product: ProductFacts) => Math.max(...product.cves.map((c) => severityRank(c.severity)));

function installedOn(world: World, tenant: TenantData, machine: Machine): Installed[] {
  const rng = Rng.of(world.seed, tenant.key, `tvm:${machine.id}`);
  const platform = platformOf(machine.osPlatform);
  const os = OS_PRODUCTS[machine.osPlatform];
  const products = [
    ...(os ? [os] : []),
    ...PRODUCTS.filter((p) => p.platforms.includes(platform) && rng.chance(p.prevalence)),
  ];
  const allowed = WORST_ALLOWED[machine.exposureLevel] ?? 0;
  const candidates = rng
    .sample(products, products.length)
    .filter((p) => worstOf(p) <= allowed)
    .sort((a, b) => (machine.exposureLevel === 'High' ? worstOf(b) - worstOf(a) : 0));
  const vulnerable = new Set(candidates.slice(0, VULNERABLE_PRODUCTS[machine.exposureLevel] ?? 0));
  const firstSeen = Math.max(Date.parse(machine.firstSeen), world.anchor - rng.int(20, 90) * DAY);
  return products.map((product) => ({
    machine,
    product,
    version: vulnerable.has(product) ? product.vulnerableVersion : product.fixedVersion,
    cves: vulnerable.has(product) ? product.cves : [],
    firstSeen: iso7(firstSeen),
    lastSeen: machine.lastSeen,
  }));
}

/** `Map.groupBy` (not in Node 20), keeping the order of `items` within each group. */
function byMachine<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function derive(world: World, tenant: TenantData): TenantVulnerabilities {
  const installed = tenant.machines.flatMap((m) => installedOn(world, tenant, m));
  const exposures = installed.flatMap((i) => i.cves.map((cve) => ({ installed: i, cve })));
  const bySoftware = byMachine(installed, (i) => i.machine.id);
  const byExposure = byMachine(
    [...exposures].sort((a, b) => compareCves(a.cve, b.cve)),
    (e) => e.installed.machine.id,
  );
  return {
    installed,
    exposures,
    softwareOf: (id) => bySoftware.get(id) ?? [],
    exposuresOf: (id) => byExposure.get(id) ?? [],
  };
}

const cache = new WeakMap<TenantData, TenantVulnerabilities>();

/** The tenant's software and vulnerabilities (computed once per tenant). */
export function vulnerabilitiesOf(world: World, tenant: TenantData): TenantVulnerabilities {
  let found = cache.get(tenant);
  if (!found) {
    found = derive(world, tenant);
    cache.set(tenant, found);
  }
  return found;
}
