import type { IdentityActionRecord, IdentityProvider, RiskyUser, User } from '../data/model.js';
import type { TenantData } from '../data/world.js';

/**
 * What identity response actions change in the world, whichever API asked for them (Defender for
 * Identity invokeAction, Graph revokeSignInSessions, Identity Protection riskyUsers actions), so every
 * later read (identity account, Graph user, risky user) shows the change, and the tenant's
 * `identityActions` keeps what was received.
 */

type RiskChange = Pick<RiskyUser, 'riskLevel' | 'riskState' | 'riskDetail'>;

export const CONFIRMED_COMPROMISED: RiskChange = {
  riskLevel: 'high',
  riskState: 'confirmedCompromised',
  riskDetail: 'adminConfirmedUserCompromised',
};

export const DISMISSED: RiskChange = {
  riskLevel: 'none',
  riskState: 'dismissed',
  riskDetail: 'adminDismissedAllRiskForUser',
};

export function record(tenant: TenantData, entry: Omit<IdentityActionRecord, 'at'>, now: string): void {
  tenant.identityActions.push({ at: now, ...entry });
}

export function revokeSessions(user: User, now: string): void {
  user.signInSessionsValidFromDateTime = now;
}

/** Identity Protection: confirming creates the record when the user was never risky; dismissing does not. */
export function changeRisk(tenant: TenantData, user: User, change: RiskChange, now: string): void {
  const risky = tenant.riskyUsers.find((r) => r.id === user.id);
  if (risky) {
    Object.assign(risky, change, { riskLastUpdatedDateTime: now });
    return;
  }
  if (change.riskState !== 'confirmedCompromised') return;
  tenant.riskyUsers.push({
    id: user.id,
    isDeleted: false,
    isProcessing: false,
    userDisplayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    riskLastUpdatedDateTime: now,
    ...change,
  });
}

/**
 * Enabled state: Graph `accountEnabled` is the Entra ID side; the identity account's `isEnabled`
 * follows the on-premises or Okta side, or Entra ID for an Entra-only account (an emulator choice:
 * Microsoft documents one flag per identity account, not per provider).
 */
export function applyInvokeAction(
  tenant: TenantData,
  accountId: string,
  action: string,
  provider: IdentityProvider,
  now: string,
): void {
  const account = tenant.identityAccounts.find((a) => a.id === accountId);
  const user = tenant.users.find((u) => u.id === accountId);
  if (!account) return;
  if (action === 'disable' || action === 'enable') {
    const enabled = action === 'enable';
    const cloudOnly = account.accounts.every((a) => a.identityProvider === 'entraID');
    if (provider !== 'entraID' || cloudOnly) account.isEnabled = enabled;
    if (user && provider === 'entraID') user.accountEnabled = enabled;
  }
  if (!user) return;
  if (provider === 'entraID' && (action === 'revokeAllSessions' || action === 'requireUserToSignInAgain'))
    revokeSessions(user, now);
  if (action === 'markUserAsCompromised') changeRisk(tenant, user, CONFIRMED_COMPROMISED, now);
}
