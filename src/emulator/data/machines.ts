import type { Machine } from './model.js';
import { HOST_PREFIXES, MACHINE_TAGS, RBAC_GROUPS } from './names.js';
import type { Rng } from './prng.js';
import type { TenantInfo } from './tenant-info.js';
import { DAY, iso7 } from './time.js';

const OSES = [
  { osPlatform: 'Windows10', version: '22H2', osBuild: 19045, weight: 4 },
  { osPlatform: 'Windows11', version: '23H2', osBuild: 22631, weight: 4 },
  { osPlatform: 'WindowsServer2019', version: '1809', osBuild: 17763, weight: 1 },
  { osPlatform: 'WindowsServer2022', version: '21H2', osBuild: 20348, weight: 1 },
  { osPlatform: 'Linux', version: '22.04', osBuild: 0, weight: 1 },
  { osPlatform: 'macOS', version: '14.5', osBuild: 0, weight: 1 },
] as const;
const DC_OS = OSES[3];
const OS_POOL = OSES.flatMap((os) => Array<(typeof OSES)[number]>(os.weight).fill(os));

const HEALTH = [
  'Active',
  'Active',
  'Active',
  'Active',
  'Active',
  'Inactive',
  'ImpairedCommunication',
  'NoSensorData',
];
const RISK = ['None', 'Informational', 'Low', 'Low', 'Medium', 'High'];
const EXPOSURE = ['None', 'Low', 'Low', 'Medium', 'Medium', 'High'];

export function privateIp(rng: Rng): string {
  return `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}

/** Documentation ranges (RFC 5737), so generated "public" addresses never hit a real host. */
export function publicIp(rng: Rng): string {
  return `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(1, 254)}`;
}

function mac(rng: Rng): string {
  return rng.hex(12).toUpperCase();
}

export function generateMachines(rng: Rng, tenant: TenantInfo, count: number, anchor: number): Machine[] {
  const names = new Set<string>();
  const machines: Machine[] = [];
  for (let i = 0; i < count; i++) {
    const os = rng.pick(OS_POOL);
    let host: string;
    do host = `${rng.pick(HOST_PREFIXES)}-${rng.hex(6)}`;
    while (names.has(host));
    names.add(host);
    const group = host.startsWith('dc-')
      ? RBAC_GROUPS[2]
      : os.osPlatform.startsWith('WindowsServer')
        ? RBAC_GROUPS[1]
        : rng.pick([RBAC_GROUPS[0], RBAC_GROUPS[0], RBAC_GROUPS[3]]);
    // A domain controller runs Windows Server, whatever was drawn (drawn anyway: the sequence stays).
    const platform = host.startsWith('dc-') && !os.osPlatform.startsWith('WindowsServer') ? DC_OS : os;
    const ip = privateIp(rng);
    const firstSeen = anchor - rng.int(60, 700) * DAY;
    const windows = os.osPlatform.startsWith('Windows');
    const aadJoined = windows && rng.chance(0.7);
    machines.push({
      id: rng.hex(40),
      computerDnsName: `${host}.${tenant.dnsSuffix}`,
      firstSeen: iso7(firstSeen),
      lastSeen: iso7(anchor - rng.int(0, 6 * 60) * 60_000),
      osPlatform: platform.osPlatform,
      osVersion: null,
      osProcessor: 'x64',
      version: platform.version,
      osBuild: platform.osBuild,
      lastIpAddress: ip,
      lastExternalIpAddress: `198.51.100.${rng.int(1, 254)}`,
      agentVersion: `10.8${rng.int(600, 799)}.${platform.osBuild || 0}.${rng.int(1000, 9999)}`,
      osArchitecture: '64-bit',
      healthStatus: rng.pick(HEALTH),
      deviceValue: rng.pick(['Normal', 'Normal', 'Normal', 'Low', 'High'] as const),
      rbacGroupId: group.id,
      rbacGroupName: group.name,
      riskScore: rng.pick(RISK),
      exposureLevel: rng.pick(EXPOSURE),
      isAadJoined: aadJoined,
      aadDeviceId: aadJoined ? rng.guid() : null,
      machineTags: rng.sample(MACHINE_TAGS, rng.int(0, 2)),
      onboardingStatus: 'Onboarded',
      ipAddresses: [
        { ipAddress: ip, macAddress: mac(rng), type: 'Ethernet', operationalStatus: 'Up' },
        {
          ipAddress: `fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}`,
          macAddress: mac(rng),
          type: 'Ethernet',
          operationalStatus: 'Up',
        },
      ],
    });
  }
  return machines;
}

/** Short host name (`desktop-1a2b3c`) of a machine's FQDN. */
export function hostName(machine: Pick<Machine, 'computerDnsName'>): string {
  return machine.computerDnsName.split('.')[0] ?? machine.computerDnsName;
}
