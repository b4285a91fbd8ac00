import type { CveFacts, ProductFacts } from '../data/software-catalog.js';
import type { Exposure, Installed, TenantVulnerabilities } from '../data/vulnerabilities.js';

/**
 * Defender Vulnerability Management records in the shapes of Microsoft's API pages
 * (defender-endpoint/api/get-all-vulnerabilities.md, get-software.md, get-all-recommendations.md,
 * get-assessment-software-vulnerabilities.md, get-all-vulnerabilities-by-machines.md).
 */

export const softwareId = (p: ProductFacts) => `${p.vendor}-_-${p.name}`;
export const recommendationId = (p: ProductFacts) => `va-_-${p.vendor}-_-${p.name}`;

const distinct = <T>(items: readonly T[]) => [...new Set(items)];

export function vulnerabilityRecord(cve: CveFacts, exposedMachines: number) {
  return {
    id: cve.id,
    name: cve.id,
    description: cve.description,
    severity: cve.severity,
    cvssV3: cve.cvssV3,
    cvssVector: cve.cvssVector,
    exposedMachines,
    publishedOn: cve.publishedOn,
    updatedOn: cve.publishedOn,
    publicExploit: cve.exploitability !== 'NoExploit',
    exploitVerified: cve.exploitability === 'ExploitIsVerified' || cve.exploitability === 'ExploitIsInKit',
    exploitInKit: cve.exploitability === 'ExploitIsInKit',
    exploitTypes: [],
    exploitUris: [],
    // Spelled PascalCase in the documented example.
    CveSupportability: 'supported',
  };
}

/** The CVEs of `exposures` (worst first as given), each with the tenant's exposed-machine count. */
export function vulnerabilityRecords(tvm: TenantVulnerabilities, exposures: readonly Exposure[]) {
  const ids = distinct(exposures.map((e) => e.cve.id));
  return ids.map((id) => {
    const cve = exposures.find((e) => e.cve.id === id)?.cve as CveFacts;
    const machines = distinct(
      tvm.exposures.filter((e) => e.cve.id === id).map((e) => e.installed.machine.id),
    );
    return vulnerabilityRecord(cve, machines.length);
  });
}

/** `/api/vulnerabilities/machinesVulnerabilities`: one row per machine, CVE and product. */
export function machineVulnerabilityRecord({ installed, cve }: Exposure) {
  const p = installed.product;
  return {
    id: `${installed.machine.id}-_-${cve.id}-_-${p.vendor}-_-${p.name}-_-${installed.version}-_-${p.fixingKbId ?? ''}`,
    cveId: cve.id,
    machineId: installed.machine.id,
    fixingKbId: p.fixingKbId,
    productName: p.name,
    productVendor: p.vendor,
    productVersion: installed.version,
    severity: cve.severity,
  };
}

interface ProductStats {
  product: ProductFacts;
  installs: Installed[];
  exposed: Installed[];
  cves: CveFacts[];
}

function statsOf(tvm: TenantVulnerabilities, product: ProductFacts): ProductStats {
  const installs = tvm.installed.filter((i) => i.product === product);
  const exposed = installs.filter((i) => i.cves.length > 0);
  return { product, installs, exposed, cves: distinct(exposed.flatMap((i) => i.cves)) };
}

/** The tenant's products, each with its installs and exposures. */
export function productStats(tvm: TenantVulnerabilities): ProductStats[] {
  return distinct(tvm.installed.map((i) => i.product)).map((p) => statsOf(tvm, p));
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function impact(s: ProductStats, machineCount: number): number {
  const worst = Math.max(0, ...s.cves.map((c) => c.cvssV3));
  return machineCount === 0 ? 0 : round((worst * s.exposed.length * 10) / machineCount);
}

export function softwareRecord(s: ProductStats, machineCount: number) {
  return {
    id: softwareId(s.product),
    name: s.product.name,
    vendor: s.product.vendor,
    weaknesses: s.cves.length,
    publicExploit: s.cves.some((c) => c.exploitability !== 'NoExploit'),
    activeAlert: false,
    exposedMachines: s.exposed.length,
    impactScore: impact(s, machineCount),
  };
}

export function recommendationRecord(s: ProductStats, machineCount: number) {
  const os = s.product.fixingKbId !== null;
  return {
    id: recommendationId(s.product),
    productName: s.product.name,
    recommendationName: os
      ? `Update ${s.product.displayName}`
      : `Update ${s.product.displayName} to version ${s.product.fixedVersion}`,
    weaknesses: s.cves.length,
    vendor: s.product.vendor,
    recommendedVersion: os ? '' : s.product.fixedVersion,
    recommendationCategory: 'Application',
    subCategory: '',
    severityScore: Math.max(0, ...s.cves.map((c) => c.cvssV3)),
    publicExploit: s.cves.some((c) => c.exploitability !== 'NoExploit'),
    activeAlert: false,
    associatedThreats: [],
    remediationType: 'Update',
    status: 'Active',
    configScoreImpact: 0,
    exposureImpact: impact(s, machineCount),
    totalMachineCount: s.installs.length,
    exposedMachinesCount: s.exposed.length,
    nonProductivityImpactedAssets: 0,
    relatedComponent: s.product.displayName,
  };
}

/** `2020-12-30 14:17:26`, the export API's timestamp format. */
const exportTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** `/api/machines/SoftwareVulnerabilitiesByMachine`: a row per device, product and CVE (null when none). */
export function assessmentRows(tvm: TenantVulnerabilities) {
  return tvm.installed.flatMap((i) => {
    const m = i.machine;
    const p = i.product;
    const row = (cve: CveFacts | null) => ({
      id: `${m.id}_${p.name}_${i.version}_${cve?.id ?? ''}_`,
      deviceId: m.id,
      rbacGroupName: m.rbacGroupName,
      deviceName: m.computerDnsName,
      osPlatform: m.osPlatform,
      osVersion: m.osVersion ?? m.version,
      osArchitecture: 'x64',
      softwareVendor: p.vendor,
      softwareName: p.name,
      softwareVersion: i.version,
      cveId: cve?.id ?? null,
      cvssScore: cve?.cvssV3 ?? null,
      vulnerabilitySeverityLevel: cve?.severity ?? null,
      recommendedSecurityUpdate: cve && p.fixingKbId ? `KB${p.fixingKbId}` : null,
      recommendedSecurityUpdateId: cve ? p.fixingKbId : null,
      recommendedSecurityUpdateUrl: null,
      diskPaths: p.diskPath ? [p.diskPath] : [],
      registryPaths: [],
      lastSeenTimestamp: exportTime(i.lastSeen),
      firstSeenTimestamp: exportTime(i.firstSeen),
      exploitabilityLevel: cve?.exploitability ?? 'NoExploit',
      recommendationReference: recommendationId(p),
      securityUpdateAvailable: i.cves.length > 0,
    });
    return i.cves.length === 0 ? [row(null)] : i.cves.map(row);
  });
}

const SEVERITY_WEIGHT: Readonly<Record<string, number>> = { Low: 10, Medium: 35, High: 65, Critical: 90 };

/** 0..100: the mean over machines of their worst exposure, nudged up by exploitable CVEs. */
export function exposureScore(tvm: TenantVulnerabilities, machineIds: readonly string[]): number {
  if (machineIds.length === 0) return 0;
  let total = 0;
  for (const id of machineIds) {
    const worst = tvm.exposuresOf(id)[0];
    if (!worst) continue;
    const exploitable = tvm.exposuresOf(id).filter((e) => e.cve.exploitability !== 'NoExploit').length;
    total += Math.min(100, (SEVERITY_WEIGHT[worst.cve.severity] ?? 0) + 2 * exploitable);
  }
  return total / machineIds.length;
}
