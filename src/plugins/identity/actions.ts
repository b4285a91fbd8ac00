import type { AccountState, Provider } from './account.js';
import { identityActionTool } from './action-tool.js';
import type { IdentityActionDef, Route } from './runner.js';

/**
 * The six identity actions: where each goes (facts §3 support matrix: disable/enable in AD, Entra ID
 * and Okta; forcePasswordReset in AD; revokeAllSessions in Entra ID (Graph revokeSignInSessions here)
 * and Okta; Identity Protection for risk) and what each changes.
 */

const where = (s: AccountState) => s.providers.map((p) => p.provider);

/** Routes to the providers the account lives in and the action supports, narrowed by `wanted`. */
function routesTo(
  s: AccountState,
  wanted: readonly Provider[] | undefined,
  supported: readonly Provider[],
  route: (provider: Provider, identifier: string) => Route,
): Route[] | string {
  const lives = s.providers.filter((p) => !wanted || wanted.includes(p.provider));
  const missing = (wanted ?? []).filter((w) => !where(s).includes(w));
  if (missing.length > 0)
    return `it has no ${missing.join(', ')} identity (it lives in ${where(s).join(', ') || 'none'}).`;
  const unsupported = (wanted ?? []).filter((w) => !supported.includes(w));
  if (unsupported.length > 0)
    return `this action is not supported for ${unsupported.join(', ')} (supported: ${supported.join(', ')}).`;
  const routes = lives
    .filter((p) => supported.includes(p.provider))
    .map((p) => route(p.provider, p.identifier));
  if (routes.length === 0)
    return `this action is supported for ${supported.join(', ')} only, and the account lives in ${where(s).join(', ')}.`;
  return routes;
}

const enabledIn = (s: AccountState, provider: Provider) =>
  s.providers.find((p) => p.provider === provider)?.enabled ?? null;

function toggle(enable: boolean): IdentityActionDef {
  const action = enable ? 'enable' : 'disable';
  return {
    verb: enable ? 'Enable' : 'Disable',
    destructive: !enable,
    guarded: !enable,
    group: 'account-enabled',
    routes: (s, wanted) =>
      routesTo(s, wanted, ['entraID', 'activeDirectory', 'okta'], (provider, identifier) => ({
        provider,
        via: 'invokeAction',
        action,
        identifier,
      })),
    change: (s, r) => ({ field: 'enabled', from: enabledIn(s, r.provider), to: enable }),
    inEffect: (s, routes) =>
      routes.every((r) => enabledIn(s, r.provider) === enable)
        ? `it is already ${action}d in ${routes.map((r) => r.provider).join(', ')}`
        : undefined,
  };
}

export const DisableAccount = identityActionTool(
  {
    name: 'disable_account',
    title: 'Disable account',
    description:
      'Disables an account in the identity providers where it lives (Defender for Identity invokeAction ' +
      '"disable" in Active Directory, Entra ID, Okta). The preview reads the account live (UPN and object ' +
      'id escaped, providers and enabled state in each, risk, privileged roles, last successful sign-in) and ' +
      'names each provider it goes to; a person then approves. Protected accounts (break-glass UPNs, Global ' +
      'and Privileged Role Administrators, configured groups) are refused before any call.',
    risk: 'destructive',
  },
  toggle(false),
);

export const EnableAccount = identityActionTool(
  {
    name: 'enable_account',
    title: 'Enable account',
    description:
      'Enables a disabled account again (Defender for Identity invokeAction "enable") in the providers ' +
      'where it lives. Preview first, then confirm with the token.',
    risk: 'write',
  },
  toggle(true),
);

export const ForcePasswordReset = identityActionTool(
  {
    name: 'force_password_reset',
    title: 'Force password reset',
    description:
      'Makes the user change their Active Directory password at next sign-in (Defender for Identity ' +
      'invokeAction "forcePasswordReset"; Active Directory only: a cloud-only or Okta account is refused ' +
      'with the reason before any call). Protected accounts are refused; a person approves.',
    risk: 'destructive',
  },
  {
    verb: 'Force a password reset of',
    destructive: true,
    guarded: true,
    group: 'password',
    routes: (s, wanted) =>
      routesTo(s, wanted, ['activeDirectory'], (provider, identifier) => ({
        provider,
        via: 'invokeAction',
        action: 'forcePasswordReset',
        identifier,
      })),
    change: () => ({ field: 'password', from: 'current', to: 'must change at next sign-in' }),
    inEffect: () => undefined,
  },
);

export const RevokeSessions = identityActionTool(
  {
    name: 'revoke_sessions',
    title: 'Revoke sessions',
    description:
      'Signs the account out everywhere: Entra ID through Graph revokeSignInSessions (refresh tokens and ' +
      'browser sessions become invalid), Okta through Defender for Identity invokeAction ' +
      '"revokeAllSessions". Active Directory has no sessions to revoke. Protected accounts are refused; a ' +
      'person approves.',
    risk: 'destructive',
  },
  {
    verb: 'Revoke the sessions of',
    destructive: true,
    guarded: true,
    group: 'sessions',
    routes: (s, wanted) =>
      routesTo(s, wanted, ['entraID', 'okta'], (provider, identifier) =>
        provider === 'entraID'
          ? { provider, via: 'revokeSignInSessions', action: 'revokeSignInSessions', identifier }
          : { provider, via: 'invokeAction', action: 'revokeAllSessions', identifier },
      ),
    change: (s, r) => ({
      field: 'sessions valid from',
      from: r.provider === 'entraID' ? (s.user?.signInSessionsValidFromDateTime ?? null) : 'unknown',
      to: 'now',
    }),
    inEffect: () => undefined,
  },
);

function risk(action: 'confirmCompromised' | 'dismiss'): IdentityActionDef {
  const to =
    action === 'dismiss'
      ? { level: 'none', state: 'dismissed' }
      : { level: 'high', state: 'confirmedCompromised' };
  return {
    verb: action === 'dismiss' ? 'Dismiss the risk of' : 'Confirm as compromised',
    destructive: false,
    guarded: action === 'confirmCompromised',
    group: 'risk',
    routes: (s, wanted) =>
      routesTo(s, wanted, ['entraID'], (provider, identifier) => ({
        provider,
        via: action,
        action,
        identifier,
      })),
    change: (s) => ({
      field: 'risk',
      from: s.risk ? `${s.risk.level}/${s.risk.state}` : 'none (never risky)',
      to: `${to.level}/${to.state}`,
    }),
    inEffect: (s) =>
      s.risk?.state === to.state
        ? `its risk is already ${to.state}`
        : action === 'dismiss' && !s.risk
          ? 'Identity Protection has no risk to dismiss for it'
          : undefined,
  };
}

export const ConfirmUserCompromised = identityActionTool(
  {
    name: 'confirm_user_compromised',
    title: 'Confirm user compromised',
    description:
      'Tells Identity Protection the user is compromised (riskyUsers confirmCompromised: risk high, state ' +
      'confirmedCompromised), which risk-based Conditional Access then acts on. Entra ID users only. Preview ' +
      'first, then confirm with the token. Protected accounts are refused.',
    risk: 'write',
  },
  risk('confirmCompromised'),
);

export const DismissUserRisk = identityActionTool(
  {
    name: 'dismiss_user_risk',
    title: 'Dismiss user risk',
    description:
      "Dismisses the user's Identity Protection risk (riskyUsers dismiss: risk none, state dismissed). Entra " +
      'ID users only. Preview first, then confirm with the token.',
    risk: 'write',
  },
  risk('dismiss'),
);
