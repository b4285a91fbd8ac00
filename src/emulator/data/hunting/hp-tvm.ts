import type { Row } from '../../kql/table.js';
import type { Machine } from '../model.js';
import type { BackgroundContext } from './context.js';
import { BROWSER_EXTENSIONS, SECURE_CONFIG, VULNERABILITIES } from './profiles-other.js';
import type { RowSource } from './table.js';

/**
 * Vulnerability management as hunts query it: software installed on machines of the platform it
 * runs on, with the CVEs Defender reports for it, and the knowledge-base tables (...KB) that
 * describe every CVE, configuration and extension permission the device tables name, so joins on
 * CveId, ConfigurationId and ExtensionId find their rows.
 */
interface Software {
  platform: RegExp;
  vendor: string;
  name: string;
  version: string;
  cves: readonly string[];
  eos?: readonly [status: string, date: string];
}

const SOFTWARE: readonly Software[] = [
  { platform: /^Linux$/, vendor: 'openbsd', name: 'openssh', version: '9.6p1', cves: ['CVE-2024-6387'] },
  { platform: /^Linux$/, vendor: 'tukaani', name: 'xz', version: '5.6.0', cves: ['CVE-2024-3094'] },
  {
    platform: /^Linux$/,
    vendor: 'openssl',
    name: 'openssl',
    version: '3.0.6',
    cves: ['CVE-2022-3602', 'CVE-2022-3786'],
  },
  {
    platform: /^(Linux|Windows1)/,
    vendor: 'haxx',
    name: 'curl',
    version: '8.3.0',
    cves: ['CVE-2023-38545', 'CVE-2023-38546'],
  },
  { platform: /^macOS$/, vendor: 'openbsd', name: 'openssh', version: '9.4p1', cves: [] },
  {
    platform: /^WindowsServer/,
    vendor: 'solarwinds',
    name: 'orion_platform',
    version: '2020.2.1',
    cves: ['TVM-2020-0002'],
  },
  {
    platform: /^WindowsServer2019$/,
    vendor: 'microsoft',
    name: 'windows_server_2019',
    version: '10.0.17763',
    cves: ['CVE-2020-1472'],
  },
  {
    platform: /^WindowsServer2022$/,
    vendor: 'atlassian',
    name: 'confluence_server',
    version: '7.13.6',
    cves: ['CVE-2022-26134'],
  },
  {
    platform: /^WindowsServer2022$/,
    vendor: 'microsoft',
    name: 'exchange_server',
    version: '15.1.2375',
    cves: ['CVE-2021-34473'],
  },
  {
    platform: /^Windows1/,
    vendor: 'python',
    name: 'python',
    version: '3.11.9',
    cves: [],
    eos: ['Upcoming EOS Version', '2027-10-24'],
  },
];

/** Each package sits on up to this many machines of its platform. */
const HOSTS_PER_PACKAGE = 4;

const KB: Readonly<
  Record<string, readonly [cvss: string, exploit: boolean, published: string, description: string]>
> = {
  'CVE-2021-44228': [
    '10.0',
    true,
    '2021-12-10',
    'Apache Log4j2 JNDI features do not protect against attacker-controlled LDAP endpoints (Log4Shell).',
  ],
  'CVE-2023-23397': [
    '9.8',
    true,
    '2023-03-14',
    'Microsoft Outlook elevation of privilege through a crafted reminder that leaks the NTLM hash.',
  ],
  'CVE-2021-34527': [
    '8.8',
    true,
    '2021-07-01',
    'Windows Print Spooler remote code execution (PrintNightmare).',
  ],
  'CVE-2022-30190': [
    '7.8',
    true,
    '2022-05-30',
    'Microsoft Windows Support Diagnostic Tool (MSDT) remote code execution (Follina).',
  ],
  'CVE-2023-4863': ['8.8', true, '2023-09-12', 'Heap buffer overflow in libwebp in Google Chrome.'],
  'CVE-2022-29072': ['7.8', false, '2022-04-15', '7-Zip privilege escalation through the help file.'],
  'CVE-2021-26855': [
    '9.8',
    true,
    '2021-03-02',
    'Microsoft Exchange Server server-side request forgery (ProxyLogon).',
  ],
  'CVE-2022-3602': ['7.5', false, '2022-11-01', 'OpenSSL X.509 email address 4-byte buffer overflow.'],
  'CVE-2022-3786': [
    '7.5',
    false,
    '2022-11-01',
    'OpenSSL X.509 email address variable length buffer overflow.',
  ],
  'CVE-2021-21974': ['8.8', true, '2021-02-24', 'VMware ESXi OpenSLP heap overflow.'],
  'CVE-2024-21412': ['8.1', true, '2024-02-13', 'Internet Shortcut Files security feature bypass.'],
  'CVE-2024-6387': ['8.1', true, '2024-07-01', 'OpenSSH sshd signal handler race condition (regreSSHion).'],
  'CVE-2024-3094': [
    '10.0',
    true,
    '2024-03-29',
    'Malicious code in the xz 5.6.0 and 5.6.1 release tarballs backdoors liblzma.',
  ],
  'CVE-2023-38545': ['9.8', false, '2023-10-18', 'curl SOCKS5 heap buffer overflow.'],
  'CVE-2023-38546': ['3.7', false, '2023-10-18', 'curl cookie injection with none file.'],
  'TVM-2020-0002': [
    '10.0',
    true,
    '2020-12-13',
    'SolarWinds Orion Platform supply chain compromise (Solorigate).',
  ],
  'CVE-2020-1472': ['10.0', true, '2020-08-17', 'Netlogon elevation of privilege (Zerologon).'],
  'CVE-2022-26134': [
    '9.8',
    true,
    '2022-06-03',
    'Atlassian Confluence Server OGNL injection remote code execution.',
  ],
  'CVE-2021-34473': [
    '9.8',
    true,
    '2021-07-14',
    'Microsoft Exchange Server remote code execution (ProxyShell).',
  ],
};

const SEVERITY = (cvss: number) =>
  cvss >= 9 ? 'Critical' : cvss >= 7 ? 'High' : cvss >= 4 ? 'Medium' : 'Low';

function installs(context: BackgroundContext): { software: Software; machine: Machine }[] {
  return SOFTWARE.flatMap((software) =>
    context.machines
      .filter((m) => software.platform.test(m.osPlatform))
      .slice(0, HOSTS_PER_PACKAGE)
      .map((machine) => ({ software, machine })),
  );
}

function deviceColumns(machine: Machine, into: Row): void {
  into.DeviceId = machine.id;
  into.DeviceName = machine.computerDnsName;
  into.OSPlatform = machine.osPlatform;
  into.OSVersion = machine.version;
  into.OSArchitecture = machine.osArchitecture;
}

function fromList(rows: readonly Row[]): RowSource {
  return { count: rows.length, row: (i, into) => Object.assign(into, rows[i]) };
}

export function hpSoftwareInventory(context: BackgroundContext): RowSource {
  return fromList(
    installs(context).map(({ software: s, machine }) => {
      const row: Row = {};
      deviceColumns(machine, row);
      row.SoftwareVendor = s.vendor;
      row.SoftwareName = s.name;
      row.SoftwareVersion = s.version;
      row.EndOfSupportStatus = s.eos?.[0] ?? '';
      row.EndOfSupportDate = s.eos ? Date.parse(s.eos[1]) : null;
      row.ProductCodeCpe = `cpe:2.3:a:${s.vendor}:${s.name}:${s.version}:*:*:*:*:*:*:*`;
      return row;
    }),
  );
}

export function hpSoftwareVulnerabilities(context: BackgroundContext): RowSource {
  return fromList(
    installs(context).flatMap(({ software: s, machine }) =>
      s.cves.map((cve) => {
        const row: Row = {};
        deviceColumns(machine, row);
        row.SoftwareVendor = s.vendor;
        row.SoftwareName = s.name;
        row.SoftwareVersion = s.version;
        row.CveId = cve;
        row.VulnerabilitySeverityLevel = SEVERITY(Number(KB[cve]?.[0] ?? 0));
        row.CveTags = KB[cve]?.[1] ? ['ExploitVerified'] : [];
        return row;
      }),
    ),
  );
}

/** One KB row per CVE the device tables name. */
export function hpVulnerabilitiesKb(): RowSource {
  const software = new Map<string, string>();
  for (const v of VULNERABILITIES) software.set(String(v.CveId), `${v.SoftwareVendor} ${v.SoftwareName}`);
  for (const s of SOFTWARE) for (const cve of s.cves) software.set(cve, `${s.vendor} ${s.name}`);
  return fromList(
    Object.entries(KB).map(([cve, [cvss, exploit, published, description]]) => ({
      CveId: cve,
      CvssScore: cvss,
      IsExploitAvailable: exploit,
      VulnerabilitySeverityLevel: SEVERITY(Number(cvss)),
      LastModifiedTime: Date.parse(published) + 30 * 86_400_000,
      PublishedDate: Date.parse(published),
      VulnerabilityDescription: description,
      AffectedSoftware: [software.get(cve) ?? ''],
    })),
  );
}

const CONFIG_NAMES: Readonly<Record<string, readonly [name: string, benchmark: string]>> = {
  'scid-2010': ['Update Microsoft Defender Antivirus definitions', 'CIS 5.2'],
  'scid-91': ['Turn on Microsoft Defender Antivirus PUA protection', 'CIS 18.9.47.15'],
  'scid-2000': ['Turn on Microsoft Defender Antivirus', 'CIS 18.9.47.16'],
  'scid-96': ['Set minimum password length to 14 or more characters', 'CIS 1.1.4'],
  'scid-2011': ['Turn on real-time protection', 'CIS 18.9.47.9.4'],
  'scid-5001': ['Enable Microsoft Defender for Endpoint EDR in block mode', 'CIS 18.9.47.4'],
  'scid-2003': ['Turn on Tamper Protection', 'CIS 18.9.47.17'],
};

/** One KB row per configuration the device assessments name. */
export function hpSecureConfigKb(): RowSource {
  return fromList(
    SECURE_CONFIG.map((c) => {
      const id = String(c.ConfigurationId);
      const [name, benchmark] = CONFIG_NAMES[id] ?? [id, ''];
      return {
        ConfigurationId: id,
        ConfigurationImpact: c.ConfigurationImpact,
        ConfigurationName: name,
        ConfigurationDescription: `${name}.`,
        RiskDescription: `Devices where this is not set are easier to compromise (${c.ConfigurationSubcategory}).`,
        ConfigurationCategory: c.ConfigurationCategory,
        ConfigurationSubcategory: c.ConfigurationSubcategory,
        ConfigurationBenchmarks: [{ benchmark, version: '2.0.0' }],
        Tags: [c.ConfigurationSubcategory],
        RemediationOptions: `Set "${name}" through Intune or Group Policy.`,
      };
    }),
  );
}

/** Chrome's permission identifiers, with the warning text the browser shows for each. */
const PERMISSIONS: readonly (readonly [id: string, name: string, risk: string])[] = [
  ['storage', 'Store data locally', 'Low'],
  ['notifications', 'Display notifications', 'Low'],
  ['tabs', 'Read your browsing history', 'Medium'],
  ['webRequest', 'Observe and analyze traffic', 'High'],
  ['<all_urls>', 'Read and change all your data on all websites', 'High'],
  ['management', 'Manage your apps, extensions, and themes', 'High'],
];

/** Each extension's permissions, riskier ones for riskier extensions. */
export function hpBrowserExtensionsKb(): RowSource {
  const rows: Row[] = [];
  const levels = ['Low', 'Medium', 'High', 'Critical'];
  for (const e of BROWSER_EXTENSIONS) {
    const count = 2 + 2 * levels.indexOf(String(e.ExtensionRisk));
    for (const [id, name, risk] of PERMISSIONS.slice(0, Math.max(2, count))) {
      rows.push({
        BrowserName: e.BrowserName,
        ExtensionId: e.ExtensionId,
        ExtensionName: e.ExtensionName,
        ExtensionDescription: `${e.ExtensionName} by ${e.ExtensionVendor}`,
        ExtensionVersion: e.ExtensionVersion,
        ExtensionRisk: e.ExtensionRisk,
        PermissionId: id,
        PermissionName: name,
        PermissionDescription: name,
        PermissionRisk: risk,
        IsPermissionRequired: id === 'storage' ? 'false' : 'true',
      });
    }
  }
  return fromList(rows);
}
