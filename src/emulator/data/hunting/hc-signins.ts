import type { Activity } from './hc-activity.js';

/**
 * A sign-in that is new in every way in the last two days (the sign-in tables' other rows cover
 * the whole month): a user's token replayed from a country, a client and an application never seen
 * before in the tenant, which is what "new country / new user agent / new app" hunts compare
 * against their baseline window. Used with two occurrences only, so it stays recent.
 */
export const NEW_SIGN_INS: readonly Activity[] = [
  (a, into) => {
    into.Application = 'Azure Active Directory PowerShell';
    // Microsoft's first-party client id for Azure AD PowerShell.
    into.ApplicationId = '1b730954-1685-4b74-9bfd-dac224a7b894';
    into.LogonType = '["nonInteractiveUser"]';
    into.ErrorCode = 0;
    into.AccountObjectId = a.user.id;
    into.AccountUpn = a.user.userPrincipalName;
    into.AccountDisplayName = a.user.displayName;
    into.IsExternalUser = 0;
    into.IsGuestUser = false;
    into.IPAddress = '192.0.2.181';
    into.Country = 'BR';
    into.City = 'Sao Paulo';
    into.ClientAppUsed = 'Mobile Apps and Desktop clients';
    into.UserAgent = 'AADInternals/0.9.7 (Windows NT 10.0; PowerShell 5.1)';
    into.ConditionalAccessStatus = 2;
    into.AuthenticationRequirement = 'singleFactorAuthentication';
    into.CorrelationId = a.rng.guid();
    into.SessionId = a.rng.guid();
    into.RequestId = a.rng.guid();
    into.ReportId = `hc-${a.index}`;
  },
];
