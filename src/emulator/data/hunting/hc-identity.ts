import type { Row } from '../../kql/table.js';
import type { Machine, User } from '../model.js';
import type { Activity, Actor } from './hc-activity.js';

/**
 * Active Directory activity Defender for Identity reports and hunts look for: changes to accounts
 * that weaken them (password never expires, RC4 allowed, a machine account renamed like a DC for
 * CVE-2021-42278), lateral movement paths to sensitive accounts, SMB copies to a domain controller,
 * clear-text LDAP binds, device-code sign-ins, and the LDAP reconnaissance BloodHound-style tools run
 * (GPOs, SPNs for roasting, admin groups, passwords left in descriptions).
 */

const short = (m: Machine) => (m.computerDnsName.split('.')[0] ?? '').toUpperCase();
const dc = (a: Actor) => `DC01.${a.context.tenant.dnsSuffix}`;
const DC_IP = '10.0.0.10';

/** The columns every Identity* row of an account acting from a machine shares. */
function identity(a: Actor, into: Row, actionType: string, who: User = a.user): void {
  into.ActionType = actionType;
  into.Application = 'Active Directory';
  into.AccountName = who.onPremisesSamAccountName;
  into.AccountDomain = a.context.tenant.dnsSuffix;
  into.AccountUpn = who.userPrincipalName;
  into.AccountSid = who.onPremisesSecurityIdentifier;
  into.AccountObjectId = who.id;
  into.AccountDisplayName = who.displayName;
  into.DeviceName = short(a.machine);
  into.IPAddress = a.machine.lastIpAddress;
  into.Port = 49152 + (a.index % 16000);
  into.DestinationDeviceName = dc(a);
  into.DestinationIPAddress = DC_IP;
  into.ReportId = `hc-${a.index}`;
  into.AdditionalFields = {};
}

function directoryChange(actionType: string, fields: (a: Actor) => Record<string, unknown>): Activity {
  return (a, into) => {
    identity(a, into, actionType, a.admin);
    const target = a.user;
    into.TargetAccountUpn = target.userPrincipalName;
    into.TargetAccountDisplayName = target.displayName;
    into.Protocol = 'Ldap';
    into.DestinationPort = 389;
    into.AdditionalFields = {
      'ACTOR.DEVICE': short(a.machine),
      'TARGET_OBJECT.USER': target.displayName,
      TargetAccountSid: target.onPremisesSecurityIdentifier,
      ...fields(a),
    };
  };
}

export const DIRECTORY_EVENTS: readonly Activity[] = [
  directoryChange('Account Password Never Expires changed', () => ({
    'FROM Account Password Never Expires': false,
    'TO Account Password Never Expires': true,
  })),
  directoryChange('Account Supported Encryption Types changed', (a) => ({
    'FROM AccountSupportedEncryptionTypes': 'AES128-CTS-HMAC-SHA1-96, AES256-CTS-HMAC-SHA1-96',
    'TO AccountSupportedEncryptionTypes': 'RC4-HMAC',
    'TARGET_OBJECT.DEVICE': short(a.machine),
  })),
  (a, into) => {
    // CVE-2021-42278: a machine account renamed to look like the DC (no trailing $).
    identity(a, into, 'SAM Account Name changed');
    into.TargetDeviceName = short(a.machine);
    into.AdditionalFields = {
      'FROM SAM Account Name': `${short(a.machine)}$`,
      'TO SAM Account Name': 'DC01',
      'TARGET_OBJECT.DEVICE': short(a.machine),
    };
  },
  (a, into) => {
    identity(a, into, 'Potential lateral movement path identified');
    into.AdditionalFields = {
      'ACTOR.ACCOUNT': a.admin.onPremisesSamAccountName,
      'FROM.ACCOUNT': a.user.onPremisesSamAccountName,
      'TO.DEVICE': short(a.machine),
    };
  },
  (a, into) => {
    // Staging tools on the DC's admin share from a workstation.
    identity(a, into, 'SMB file copy');
    into.Protocol = 'Smb';
    into.DestinationPort = 445;
    into.AdditionalFields = {
      FileName: 'procdump64.exe',
      FilePath: `\\\\${dc(a)}\\ADMIN$\\Temp\\procdump64.exe`,
      Count: 1,
      Method: 'Write',
    };
  },
];

export const LOGON_EVENTS: readonly Activity[] = [
  (a, into) => {
    identity(a, into, 'LogonSuccess');
    into.LogonType = 'LDAP cleartext';
    into.Protocol = 'Ldap';
    into.DestinationPort = 389;
  },
  (a, into) => {
    identity(a, into, 'LogonSuccess');
    into.LogonType = 'Interactive';
    into.Protocol = 'Kerberos';
    into.DestinationPort = 88;
  },
  (a, into) => {
    // Device-code flow sign-in (the phishing technique that abuses it), recorded by Entra ID.
    identity(a, into, 'LogonSuccess');
    into.Application = 'Microsoft Entra ID';
    into.LogonType = 'Cmsi:Cmsi';
    into.AccountDomain = a.context.tenant.domain;
    into.DeviceName = '';
    into.DestinationDeviceName = '';
    into.DestinationIPAddress = '';
    into.IPAddress = '203.0.113.45';
    into.Location = 'NL';
    into.AdditionalFields = { 'ARG.CLOUD_SERVICE': 'Microsoft Office', 'ARG.DEVICE_CODE': true };
  },
];

/** The workstation a reconnaissance burst runs from: one per occurrence, all its queries within a minute. */
const reconMachine = (a: Actor) =>
  a.context.machines[(a.occurrence * 5 + 3) % a.context.machines.length] as Machine;

function ldap(step: number, queryType: string, target: string, filter: string): Activity {
  return (a, into) => {
    const machine = reconMachine(a);
    identity({ ...a, machine }, into, 'LDAP query');
    into.Timestamp = a.base - 10 * 60_000 + step * 4_000;
    into.QueryType = queryType;
    into.QueryTarget = target;
    // Defender for Identity's rendering of an LDAP search.
    into.Query = `Search Scope: WholeSubtree, Base Object:DC=${a.context.tenant.dnsSuffix.split('.').join(',DC=')}, Search Filter: ${filter}`;
    into.Protocol = 'Ldap';
    into.DestinationPort = 389;
    into.AdditionalFields = { AttributeSelection: 'distinguishedName' };
  };
}

/** A BloodHound-style collection: a dozen distinct searches from one workstation in under a minute. */
export const QUERY_EVENTS: readonly Activity[] = [
  ['AllGroupPolicies', 'All group policies', '(objectCategory=groupPolicyContainer)'],
  ['AllUsers', 'All users', '(&(objectCategory=person)(objectClass=user)(description=*pass*))'],
  ['AllUsers', 'All users', '(&(samAccountType=805306368)(comment=*pass*))'],
  ['Kerberoasting', 'All service principals', '(&(objectCategory=person)(serviceprincipalname=*))'],
  [
    'AsRepRoasting',
    'All users',
    '(&(objectCategory=person)(userAccountControl:1.2.840.113556.1.4.803:=4194304))',
  ],
  ['SensitiveGroups', 'Domain Admins', '(&(objectCategory=group)(admincount=1))'],
  ['SensitiveGroups', 'Enterprise Admins', '(&(objectCategory=group)(cn=Enterprise Admins))'],
  ['AllComputers', 'All computers', '(&(objectCategory=computer)(operatingSystem=Windows Server 2008*))'],
  ['AllComputers', 'Domain Controllers', '(userAccountControl:1.2.840.113556.1.4.803:=8192)'],
  ['AllTrustDomains', 'All trust domains', '(objectClass=trustedDomain)'],
  ['AllGroups', 'All groups', '(objectClass=group)'],
  ['AllOrganizationalUnits', 'All organizational units', '(objectClass=organizationalUnit)'],
  ['AllContainers', 'All containers', '(objectClass=container)'],
].map(([type, target, filter], step) => ldap(step, type as string, target as string, filter as string));
