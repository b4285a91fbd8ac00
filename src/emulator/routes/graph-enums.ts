/** Graph security enums (facts §1.1, §1.3, §1.5, §1.6), camelCase as Graph returns them. */

export const SEVERITY = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;

export const CLASSIFICATION = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
] as const;

/** The resource's list plus the alternatives the update page and alert table name. */
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
  'phishing',
  'maliciousUserActivity',
  'clean',
  'insufficientData',
  'confirmedUserActivity',
  'lineOfBusinessApplication',
  'unknownFutureValue',
  'notMalicious',
  'notEnoughDataToValidate',
  'compromisedAccount',
  'confirmedActivity',
] as const;

export const INCIDENT_STATUS = [
  'active',
  'resolved',
  'inProgress',
  'redirected',
  'unknownFutureValue',
  'awaitingAction',
] as const;

export const ALERT_STATUS = ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'] as const;

export const SERVICE_SOURCE = [
  'unknown',
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'unknownFutureValue',
  'microsoftDefenderForCloud',
] as const;

/** The member of `values` matching `input` case-insensitively (clients send `TruePositive` too). */
export function enumMember(values: readonly string[], input: string): string | undefined {
  const lower = input.toLowerCase();
  return values.find((v) => v.toLowerCase() === lower);
}
