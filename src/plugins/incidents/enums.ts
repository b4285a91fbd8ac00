import { z } from 'zod';
import {
  ALERT_STATUS,
  CLASSIFICATION,
  DETERMINATION,
  INCIDENT_STATUS,
  SERVICE_SOURCE,
  SEVERITY,
} from '../../defender/graph-enums.js';

/**
 * Filter values exactly as Microsoft Graph spells them (facts §1); the member lists live once in the
 * defender layer. `unknownFutureValue` is left out: it is a sentinel, not a value anyone filters on.
 */
export const Severity = z
  .enum(SEVERITY)
  .describe('Severity as Graph spells it: informational, low, medium, high (or unknown).');

export const IncidentStatus = z
  .enum(INCIDENT_STATUS)
  .describe('Incident status as Graph spells it: active, inProgress, resolved, redirected, awaitingAction.');

export const AlertStatus = z
  .enum(ALERT_STATUS)
  .describe('Alert status as Graph spells it: new, inProgress, resolved (or unknown).');

export const Classification = z
  .enum(CLASSIFICATION)
  .describe('Classification: unknown, falsePositive, truePositive, informationalExpectedActivity.');

export const Determination = z
  .enum(DETERMINATION)
  .describe('Determination as Graph spells it, e.g. malware, phishing, compromisedAccount, notMalicious.');

export const ServiceSource = z
  .enum(SERVICE_SOURCE)
  .describe(
    'Product that raised the alert, e.g. microsoftDefenderForEndpoint, microsoftDefenderForOffice365.',
  );

/** An ISO 8601 date-time with an offset, as a filter bound. */
export const DateTimeArg = z.iso.datetime({ offset: true });
