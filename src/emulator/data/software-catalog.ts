/**
 * The software the emulator installs on its machines and the CVEs of its vulnerable versions. The
 * CVE ids are real and their scores close to NVD's, so a client that looks them up sees sensible
 * things; descriptions are the emulator's own short summaries. Products are named the way Defender
 * Vulnerability Management names them (`vendor-_-name` ids, lower-case snake names).
 */

export type CveSeverity = 'Low' | 'Medium' | 'High' | 'Critical';
export type Exploitability = 'NoExploit' | 'ExploitIsPublic' | 'ExploitIsVerified' | 'ExploitIsInKit';
export type Platform = 'windows' | 'windowsServer' | 'linux' | 'macos';

export interface CveFacts {
  id: string;
  severity: CveSeverity;
  cvssV3: number;
  cvssVector: string;
  publishedOn: string;
  exploitability: Exploitability;
  description: string;
}

export interface ProductFacts {
  vendor: string;
  name: string;
  /** How the portal names it in a recommendation ("Update Google Chrome ..."). */
  displayName: string;
  platforms: readonly Platform[];
  /** Installed on a machine of a fitting platform with this probability (the OS always). */
  prevalence: number;
  vulnerableVersion: string;
  fixedVersion: string;
  /** The KB that fixes it, for Windows itself. */
  fixingKbId: string | null;
  diskPath: string | null;
  cves: readonly CveFacts[];
}

const NET = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H';
const LOCAL = 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H';

function cve(
  id: string,
  severity: CveSeverity,
  cvssV3: number,
  exploitability: Exploitability,
  description: string,
  vector = NET,
): CveFacts {
  const year = id.slice(4, 8);
  return {
    id,
    severity,
    cvssV3,
    cvssVector: vector,
    publishedOn: `${year}-06-13T00:00:00Z`,
    exploitability,
    description,
  };
}

const WEBP = cve(
  'CVE-2023-4863',
  'High',
  8.8,
  'ExploitIsVerified',
  'Heap buffer overflow in libwebp lets a crafted WebP image run code in the browser.',
);

export const PRODUCTS: readonly ProductFacts[] = [
  {
    vendor: 'google',
    name: 'chrome',
    displayName: 'Google Chrome',
    platforms: ['windows', 'macos', 'linux'],
    prevalence: 0.7,
    vulnerableVersion: '116.0.5845.96',
    fixedVersion: '131.0.6778.86',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    cves: [
      WEBP,
      cve(
        'CVE-2023-5217',
        'High',
        8.8,
        'ExploitIsVerified',
        'Heap buffer overflow in libvpx vp8 encoding lets a crafted page run code.',
      ),
    ],
  },
  {
    vendor: 'microsoft',
    name: 'edge_chromium-based',
    displayName: 'Microsoft Edge',
    platforms: ['windows', 'windowsServer'],
    prevalence: 0.9,
    vulnerableVersion: '116.0.1938.69',
    fixedVersion: '131.0.2903.70',
    fixingKbId: null,
    diskPath: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    cves: [WEBP],
  },
  {
    vendor: 'rarlab',
    name: 'winrar',
    displayName: 'WinRAR',
    platforms: ['windows'],
    prevalence: 0.25,
    vulnerableVersion: '6.22',
    fixedVersion: '7.01',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\WinRAR\\WinRAR.exe',
    cves: [
      cve(
        'CVE-2023-38831',
        'High',
        7.8,
        'ExploitIsInKit',
        'Opening a benign file inside a crafted archive runs a script of the same name.',
        LOCAL,
      ),
    ],
  },
  {
    vendor: 'adobe',
    name: 'acrobat_reader_dc',
    displayName: 'Adobe Acrobat Reader DC',
    platforms: ['windows', 'macos'],
    prevalence: 0.5,
    vulnerableVersion: '23.003.20284',
    fixedVersion: '24.005.20320',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe',
    cves: [
      cve(
        'CVE-2023-26369',
        'High',
        7.8,
        'ExploitIsVerified',
        'Out-of-bounds write while parsing a crafted PDF lets it run code as the user.',
        LOCAL,
      ),
    ],
  },
  {
    vendor: 'igor_pavlov',
    name: '7-zip',
    displayName: '7-Zip',
    platforms: ['windows'],
    prevalence: 0.4,
    vulnerableVersion: '22.01',
    fixedVersion: '24.09',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\7-Zip\\7z.exe',
    cves: [
      cve(
        'CVE-2024-11477',
        'High',
        7.8,
        'NoExploit',
        'Integer underflow in Zstandard decompression lets a crafted archive run code.',
        LOCAL,
      ),
      cve(
        'CVE-2023-31102',
        'High',
        7.8,
        'NoExploit',
        'Integer underflow in the 7Z reader lets a crafted archive write out of bounds.',
        LOCAL,
      ),
    ],
  },
  {
    vendor: 'oracle',
    name: 'jre',
    displayName: 'Oracle Java Runtime',
    platforms: ['windows', 'windowsServer', 'linux'],
    prevalence: 0.3,
    vulnerableVersion: '8.0.361',
    fixedVersion: '8.0.431',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\Java\\jre-1.8\\bin\\java.exe',
    cves: [
      cve(
        'CVE-2023-21930',
        'High',
        7.4,
        'NoExploit',
        'A flaw in JSSE lets a network attacker read or change data of a TLS connection.',
      ),
      cve(
        'CVE-2023-21967',
        'Medium',
        5.9,
        'NoExploit',
        'A flaw in JSSE lets a network attacker make the runtime hang (denial of service).',
      ),
    ],
  },
  {
    vendor: 'git-scm',
    name: 'git',
    displayName: 'Git',
    platforms: ['windows', 'macos', 'linux'],
    prevalence: 0.35,
    vulnerableVersion: '2.39.2',
    fixedVersion: '2.47.1',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\Git\\cmd\\git.exe',
    cves: [
      cve(
        'CVE-2024-32002',
        'Critical',
        9.0,
        'ExploitIsPublic',
        'Cloning a crafted repository with submodules can run a hook written by the repository.',
      ),
    ],
  },
  {
    vendor: 'simon_tatham',
    name: 'putty',
    displayName: 'PuTTY',
    platforms: ['windows'],
    prevalence: 0.2,
    vulnerableVersion: '0.80',
    fixedVersion: '0.82',
    fixingKbId: null,
    diskPath: 'C:\\Program Files\\PuTTY\\putty.exe',
    cves: [
      cve(
        'CVE-2024-31497',
        'Medium',
        5.9,
        'ExploitIsPublic',
        'Biased ECDSA P-521 nonces let an attacker who sees signatures recover the private key.',
      ),
    ],
  },
  {
    vendor: 'openbsd',
    name: 'openssh',
    displayName: 'OpenSSH',
    platforms: ['linux', 'macos'],
    prevalence: 1,
    vulnerableVersion: '9.6p1',
    fixedVersion: '9.8p1',
    fixingKbId: null,
    diskPath: '/usr/sbin/sshd',
    cves: [
      cve(
        'CVE-2024-6387',
        'High',
        8.1,
        'ExploitIsPublic',
        'A signal handler race in sshd lets an unauthenticated attacker run code as root.',
        'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
      ),
    ],
  },
  {
    vendor: 'openssl',
    name: 'openssl',
    displayName: 'OpenSSL',
    platforms: ['linux'],
    prevalence: 1,
    vulnerableVersion: '3.0.7',
    fixedVersion: '3.0.15',
    fixingKbId: null,
    diskPath: '/usr/lib/x86_64-linux-gnu/libssl.so.3',
    cves: [
      cve(
        'CVE-2023-0286',
        'High',
        7.4,
        'NoExploit',
        'Type confusion in X.400 address processing lets a crafted certificate read memory or crash.',
      ),
    ],
  },
];

const APPLOCKER = cve(
  'CVE-2024-21338',
  'High',
  7.8,
  'ExploitIsVerified',
  'An AppLocker driver flaw lets a local user gain kernel privileges.',
  LOCAL,
);
const TCPIP = cve(
  'CVE-2024-38063',
  'Critical',
  9.8,
  'ExploitIsPublic',
  'Crafted IPv6 packets cause an integer underflow in tcpip.sys and remote code execution.',
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
);

/** The operating system as a product: its CVEs are fixed by a KB (Windows) or an update. */
export const OS_PRODUCTS: Readonly<Record<string, ProductFacts>> = {
  Windows10: osProduct('windows_10', 'Windows 10', '10.0.19045.3324', '10.0.19045.5131', '5032189', [
    APPLOCKER,
  ]),
  Windows11: osProduct('windows_11', 'Windows 11', '10.0.22631.2428', '10.0.22631.4460', '5032190', [
    APPLOCKER,
  ]),
  WindowsServer2019: osProduct(
    'windows_server_2019',
    'Windows Server 2019',
    '10.0.17763.4737',
    '10.0.17763.6532',
    '5041578',
    [TCPIP],
  ),
  WindowsServer2022: osProduct(
    'windows_server_2022',
    'Windows Server 2022',
    '10.0.20348.1906',
    '10.0.20348.2849',
    '5041160',
    [TCPIP],
  ),
};

function osProduct(
  name: string,
  displayName: string,
  vulnerableVersion: string,
  fixedVersion: string,
  fixingKbId: string,
  cves: CveFacts[],
): ProductFacts {
  return {
    vendor: 'microsoft',
    name,
    displayName,
    platforms: ['windows', 'windowsServer'],
    prevalence: 1,
    vulnerableVersion,
    fixedVersion,
    fixingKbId,
    diskPath: null,
    cves,
  };
}

/** The platform family of an MDE `osPlatform`. */
export function platformOf(osPlatform: string): Platform {
  if (osPlatform.startsWith('WindowsServer')) return 'windowsServer';
  if (osPlatform.startsWith('Windows')) return 'windows';
  return osPlatform === 'macOS' ? 'macos' : 'linux';
}

const SEVERITY_RANK: Readonly<Record<CveSeverity, number>> = { Low: 1, Medium: 2, High: 3, Critical: 4 };
const EXPLOIT_RANK: Readonly<Record<Exploitability, number>> = {
  NoExploit: 0,
  ExploitIsPublic: 1,
  ExploitIsVerified: 2,
  ExploitIsInKit: 3,
};

/** Worst first: severity, then exploitability, then CVSS score, then id (stable). */
export function compareCves(a: CveFacts, b: CveFacts): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    EXPLOIT_RANK[b.exploitability] - EXPLOIT_RANK[a.exploitability] ||
    b.cvssV3 - a.cvssV3 ||
    a.id.localeCompare(b.id)
  );
}

export function severityRank(severity: CveSeverity): number {
  return SEVERITY_RANK[severity];
}
