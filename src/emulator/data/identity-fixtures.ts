import type { DirectoryRole, Group, IdentityAccount, IdentityProvider, RiskyUser, User } from './model.js';
import { Rng } from './prng.js';
import type { TenantInfo } from './tenant-info.js';
import { DAY, iso7 } from './time.js';
import { PROVIDER_ACTIONS } from './users.js';

/**
 * Named accounts every tenant has, beside the generated ones, so identity response actions can be
 * exercised on each shape that matters: an account in Active Directory only, in Entra ID only, in
 * both, in Okta; break-glass and administrator accounts that must never be disabled; a member of a
 * protected group; a disabled account; and one whose names mix scripts and hide characters.
 * Their own random stream: adding or changing one never shifts the rest of the world.
 */

/** Built-in role template ids (the same in every tenant). */
export const ROLE_TEMPLATES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
} as const;

type RoleKey = keyof typeof ROLE_TEMPLATES;

const ROLE_NAMES: Record<RoleKey, { displayName: string; description: string }> = {
  globalAdministrator: {
    displayName: 'Global Administrator',
    description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use identities.',
  },
  privilegedRoleAdministrator: {
    displayName: 'Privileged Role Administrator',
    description:
      'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  },
  securityAdministrator: {
    displayName: 'Security Administrator',
    description:
      'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
  },
  userAdministrator: {
    displayName: 'User Administrator',
    description:
      'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  },
};

export const PROTECTED_GROUP_NAME = 'Tier 0 Operators';

interface FixtureSpec {
  /** Local part of the UPN (may hold look-alike letters). */
  alias: string;
  displayName: string;
  providers: readonly IdentityProvider[];
  enabled?: boolean;
  roles?: readonly RoleKey[];
  groups?: readonly string[];
  risk?: Pick<RiskyUser, 'riskLevel' | 'riskState'>;
}

/** The fixture accounts by alias; tests find them as `<alias>@<tenant domain>`. */
export const IDENTITY_FIXTURES: readonly FixtureSpec[] = [
  {
    alias: 'breakglass01',
    displayName: 'Break Glass 01',
    providers: ['entraID'],
    roles: ['globalAdministrator'],
  },
  {
    alias: 'it.admin',
    displayName: 'IT Admin',
    providers: ['entraID', 'activeDirectory'],
    roles: ['globalAdministrator'],
  },
  {
    alias: 'role.admin',
    displayName: 'Role Admin',
    providers: ['entraID'],
    roles: ['privilegedRoleAdministrator'],
  },
  {
    alias: 'tier0.ops',
    displayName: 'Tier Zero Operator',
    providers: ['entraID', 'activeDirectory'],
    groups: [PROTECTED_GROUP_NAME],
  },
  {
    alias: 'cloud.only',
    displayName: 'Cloud Only',
    providers: ['entraID'],
    risk: { riskLevel: 'high', riskState: 'atRisk' },
  },
  {
    alias: 'hybrid.user',
    displayName: 'Hybrid User',
    providers: ['entraID', 'activeDirectory'],
    risk: { riskLevel: 'medium', riskState: 'atRisk' },
    groups: ['Helpdesk'],
  },
  { alias: 'ad.only', displayName: 'AD Only Service', providers: ['activeDirectory'] },
  { alias: 'okta.user', displayName: 'Okta User', providers: ['entraID', 'okta'] },
  { alias: 'okta.only', displayName: 'Okta Contractor', providers: ['okta'] },
  {
    alias: 'disabled.user',
    displayName: 'Disabled User',
    providers: ['entraID', 'activeDirectory'],
    enabled: false,
  },
];

/**
 * Hostile worlds only: Cyrillic "а" (U+0430) in the UPN, Cyrillic letters, a zero-width space and a
 * right-to-left override in the display name (a look-alike of a real colleague).
 */
export const HOSTILE_IDENTITY_FIXTURE: FixtureSpec = {
  alias: '\u0430dele.v',
  displayName: 'Ad\u0435le\u200b V\u0430nce\u202e',
  providers: ['entraID'],
};

export interface IdentityDirectory {
  /** Entra ID users (fixtures that live only in Active Directory or Okta have none). */
  users: User[];
  identityAccounts: IdentityAccount[];
  riskyUsers: RiskyUser[];
  directoryRoles: DirectoryRole[];
  groups: Group[];
}

/** `socAnalysts`: the generated users who hold Security Administrator (they act, they are not protected). */
export function identityFixtures(
  seed: number,
  tenant: TenantInfo,
  anchor: number,
  socAnalysts: readonly User[],
  hostile: boolean,
): IdentityDirectory {
  const rng = Rng.of(seed, tenant.key, 'identity-fixtures');
  const roles: DirectoryRole[] = (Object.keys(ROLE_TEMPLATES) as RoleKey[]).map((key) => ({
    id: rng.guid(),
    ...ROLE_NAMES[key],
    roleTemplateId: ROLE_TEMPLATES[key],
    memberIds: key === 'securityAdministrator' ? socAnalysts.map((u) => u.id) : [],
  }));
  const groups = new Map<string, Group>();
  const out: IdentityDirectory = {
    users: [],
    identityAccounts: [],
    riskyUsers: [],
    directoryRoles: roles,
    groups: [],
  };
  const specs = hostile ? [...IDENTITY_FIXTURES, HOSTILE_IDENTITY_FIXTURE] : IDENTITY_FIXTURES;
  specs.forEach((spec, i) => {
    const id = rng.guid();
    const upn = `${spec.alias}@${tenant.domain}`;
    const sid = `${tenant.domainSid}-${5000 + i}`;
    const enabled = spec.enabled ?? true;
    const created = iso7(anchor - (200 + i) * DAY);
    const inEntra = spec.providers.includes('entraID');
    const identifiers: Record<IdentityProvider, string> = {
      entraID: id,
      activeDirectory: sid,
      okta: `00u${rng.hex(17)}`,
    };
    if (inEntra) {
      out.users.push({
        id,
        displayName: spec.displayName,
        givenName: spec.displayName.split(' ')[0] ?? spec.displayName,
        surname: spec.displayName.split(' ').slice(1).join(' '),
        userPrincipalName: upn,
        mail: upn,
        jobTitle: spec.roles ? 'Administrator' : 'Staff',
        department: 'IT',
        officeLocation: 'Redmond',
        accountEnabled: enabled,
        createdDateTime: created,
        usageLocation: 'US',
        onPremisesSamAccountName: spec.alias.slice(0, 20),
        onPremisesSecurityIdentifier: spec.providers.includes('activeDirectory') ? sid : '',
        businessPhones: [],
        mobilePhone: null,
        preferredLanguage: 'en-US',
        signInSessionsValidFromDateTime: created,
        onPremisesSyncEnabled: spec.providers.includes('activeDirectory') ? true : null,
      });
    }
    out.identityAccounts.push({
      id,
      displayName: spec.displayName,
      domain: tenant.domain,
      onPremisesSecurityIdentifier: spec.providers.includes('activeDirectory') ? sid : '',
      cloudSecurityIdentifier: inEntra ? `S-1-12-1-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}` : '',
      isEnabled: enabled,
      accounts: spec.providers.map((provider) => ({
        identifier: identifiers[provider],
        identityProvider: provider,
        actions: [...PROVIDER_ACTIONS[provider]],
      })),
    });
    for (const key of spec.roles ?? [])
      roles.find((r) => r.roleTemplateId === ROLE_TEMPLATES[key])?.memberIds.push(id);
    for (const name of spec.groups ?? []) {
      const group = groups.get(name) ?? {
        id: rng.guid(),
        displayName: name,
        description: `${name} (seeded)`,
        securityEnabled: true,
        mailEnabled: false,
        memberIds: [],
      };
      group.memberIds.push(id);
      groups.set(name, group);
    }
    if (spec.risk && inEntra) {
      out.riskyUsers.push({
        id,
        isDeleted: false,
        isProcessing: false,
        riskLastUpdatedDateTime: iso7(anchor - 2 * DAY),
        ...spec.risk,
        riskDetail: 'none',
        userDisplayName: spec.displayName,
        userPrincipalName: upn,
      });
    }
  });
  out.groups = [...groups.values()];
  return out;
}
