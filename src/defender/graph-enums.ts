/**
 * Graph security enum members exactly as Microsoft Graph spells them (facts §1), one list per enum.
 * The response schemas (`schemas/graph.ts`) accept them case-insensitively plus `unknownFutureValue`;
 * the plugins' filter inputs accept exactly these. `unknownFutureValue` is left out here: it is a
 * sentinel for clients that did not opt in to new members, not a value anyone filters on.
 */

/** The sentinel Graph adds to every evolvable enum. */
export const UNKNOWN_FUTURE_VALUE = 'unknownFutureValue';

export const SEVERITY = ['informational', 'low', 'medium', 'high', 'unknown'] as const;

export const INCIDENT_STATUS = ['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction'] as const;

export const ALERT_STATUS = ['new', 'inProgress', 'resolved', 'unknown'] as const;

export const CLASSIFICATION = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
] as const;

export const DETERMINATION = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedUser',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'clean',
  'notMalicious',
  'insufficientData',
  'notEnoughDataToValidate',
  'confirmedUserActivity',
  'confirmedActivity',
  'lineOfBusinessApplication',
] as const;

export const SERVICE_SOURCE = [
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'microsoftDefenderForCloud',
  'unknown',
] as const;
