import { maybeHostile } from './hostile.js';
import type { IdentityAccount, IdentityProvider, RiskyUser, User } from './model.js';
import { CITIES, DEPARTMENTS, FIRST_NAMES, JOB_TITLES, LAST_NAMES } from './names.js';
import type { Rng } from './prng.js';
import type { TenantInfo } from './tenant-info.js';
import { DAY, iso7 } from './time.js';

export function generateUsers(
  rng: Rng,
  tenant: TenantInfo,
  count: number,
  anchor: number,
  hostile: boolean,
): User[] {
  const taken = new Set<string>();
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const givenName = rng.pick(FIRST_NAMES);
    const surname = rng.pick(LAST_NAMES);
    let alias = `${givenName}${surname.charAt(0)}`.toLowerCase();
    for (let n = 2; taken.has(alias); n++) alias = `${givenName}${surname.charAt(0)}${n}`.toLowerCase();
    taken.add(alias);
    const upn = `${alias}@${tenant.domain}`;
    const place = rng.pick(CITIES);
    const user: User = {
      id: rng.guid(),
      displayName: maybeHostile(hostile, i, `${givenName} ${surname}`),
      givenName,
      surname,
      userPrincipalName: upn,
      mail: upn,
      jobTitle: rng.pick(JOB_TITLES),
      department: rng.pick(DEPARTMENTS),
      officeLocation: place.city,
      accountEnabled: rng.chance(0.95),
      createdDateTime: iso7(anchor - rng.int(30, 1500) * DAY),
      usageLocation: place.countryOrRegion,
      onPremisesSamAccountName: alias.slice(0, 20),
      onPremisesSecurityIdentifier: `${tenant.domainSid}-${1100 + i}`,
      businessPhones: [`+1 425 555 0${rng.digits(3)}`],
      mobilePhone: rng.chance(0.5) ? `+1 206 555 0${rng.digits(3)}` : null,
      preferredLanguage: 'en-US',
      signInSessionsValidFromDateTime: '',
      onPremisesSyncEnabled: null,
    };
    // Derived, not drawn: one more draw would shift every record generated after it.
    user.signInSessionsValidFromDateTime = user.createdDateTime;
    users.push(user);
  }
  return users;
}

/** Identity Protection state for a sample of users (the story victims are marked by the stories). */
export function generateRiskyUsers(rng: Rng, users: readonly User[], anchor: number): RiskyUser[] {
  return rng
    .sample(users, Math.max(1, Math.floor(users.length / 10)))
    .map((user) => riskyUser(user, anchor, rng));
}

export function riskyUser(user: User, anchor: number, rng: Rng, level?: RiskyUser['riskLevel']): RiskyUser {
  const riskLevel = level ?? rng.pick(['low', 'medium', 'high'] as const);
  return {
    id: user.id,
    isDeleted: false,
    isProcessing: false,
    riskLastUpdatedDateTime: iso7(anchor - rng.int(1, 20) * DAY),
    riskLevel,
    riskState: riskLevel === 'low' ? rng.pick(['atRisk', 'dismissed', 'remediated'] as const) : 'atRisk',
    riskDetail: 'none',
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
  };
}

/** Which invokeAction actions each identity provider supports (facts §3). */
export const PROVIDER_ACTIONS: Record<IdentityProvider, readonly string[]> = {
  activeDirectory: ['disable', 'enable', 'forcePasswordReset'],
  entraID: ['disable', 'enable', 'revokeAllSessions', 'requireUserToSignInAgain', 'markUserAsCompromised'],
  okta: ['disable', 'enable', 'revokeAllSessions'],
};

/**
 * Defender for Identity accounts: one per user, keyed by the user's object id; hybrid users carry an
 * Active Directory account too, a few an Okta one.
 */
export function generateIdentityAccounts(
  rng: Rng,
  tenant: TenantInfo,
  users: readonly User[],
): IdentityAccount[] {
  return users.map((user) => {
    const accounts: IdentityAccount['accounts'] = [
      { identifier: user.id, identityProvider: 'entraID', actions: [...PROVIDER_ACTIONS.entraID] },
    ];
    if (rng.chance(0.7)) {
      accounts.push({
        identifier: user.onPremisesSecurityIdentifier,
        identityProvider: 'activeDirectory',
        actions: [...PROVIDER_ACTIONS.activeDirectory],
      });
    }
    if (rng.chance(0.15)) {
      accounts.push({
        identifier: `00u${rng.hex(17)}`,
        identityProvider: 'okta',
        actions: [...PROVIDER_ACTIONS.okta],
      });
    }
    return {
      id: user.id,
      displayName: user.displayName,
      domain: tenant.domain,
      onPremisesSecurityIdentifier: user.onPremisesSecurityIdentifier,
      cloudSecurityIdentifier: `S-1-12-1-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`,
      isEnabled: user.accountEnabled,
      accounts,
    };
  });
}
