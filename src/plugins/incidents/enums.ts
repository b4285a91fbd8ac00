import { z } from 'zod';

/**
 * Filter values exactly as Microsoft Graph spells them (facts §1). `unknownFutureValue` is left out:
 * it is a sentinel for clients that did not opt in to new members, not a value anyone filters on.
 */
export const Severity = z
  .enum(['informational', 'low', 'medium', 'high', 'unknown'])
  .describe('Severity as Graph spells it: informational, low, medium, high (or unknown).');

export const IncidentStatus = z
  .enum(['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction'])
  .describe('Incident status as Graph spells it: active, inProgress, resolved, redirected, awaitingAction.');

export const AlertStatus = z
  .enum(['new', 'inProgress', 'resolved', 'unknown'])
  .describe('Alert status as Graph spells it: new, inProgress, resolved (or unknown).');

export const Classification = z
  .enum(['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'])
  .describe('Classification: unknown, falsePositive, truePositive, informationalExpectedActivity.');

export const Determination = z
  .enum([
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
  ])
  .describe('Determination as Graph spells it, e.g. malware, phishing, compromisedAccount, notMalicious.');

export const ServiceSource = z
  .enum([
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
  ])
  .describe(
    'Product that raised the alert, e.g. microsoftDefenderForEndpoint, microsoftDefenderForOffice365.',
  );

/** An ISO 8601 date-time with an offset, as a filter bound. */
export const DateTimeArg = z.iso.datetime({ offset: true });
