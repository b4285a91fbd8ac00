import { z } from 'zod';
import {
  ALERT_STATUS,
  CLASSIFICATION,
  DETERMINATION,
  INCIDENT_STATUS,
  SEVERITY,
  UNKNOWN_FUTURE_VALUE,
} from '../graph-enums.js';
import { looseEnum, opt, str, strArray } from './common.js';

/** Graph security shapes (facts §1, §3). Loose objects: unknown fields are kept, never fatal. */
export const Severity = looseEnum([...SEVERITY, UNKNOWN_FUTURE_VALUE]);
export const IncidentStatus = looseEnum([...INCIDENT_STATUS, UNKNOWN_FUTURE_VALUE]);
export const AlertStatus = looseEnum([...ALERT_STATUS, UNKNOWN_FUTURE_VALUE]);
export const Classification = looseEnum([...CLASSIFICATION, UNKNOWN_FUTURE_VALUE]);
export const Determination = looseEnum([...DETERMINATION, UNKNOWN_FUTURE_VALUE]);

export const CommentSchema = z.looseObject({
  comment: str,
  createdBy: str,
  createdByDisplayName: str,
  createdTime: str,
  createdDateTime: str,
});

export const EvidenceSchema = z.looseObject({
  '@odata.type': str,
  createdDateTime: str,
  verdict: opt(looseEnum(['unknown', 'suspicious', 'malicious', 'noThreatsFound', 'unknownFutureValue'])),
  remediationStatus: opt(z.string()),
  roles: strArray,
  detailedRoles: strArray,
  tags: strArray,
});

export const AlertSchema = z.looseObject({
  id: z.string(),
  providerAlertId: str,
  incidentId: str,
  status: opt(AlertStatus),
  severity: opt(Severity),
  classification: opt(Classification),
  determination: opt(Determination),
  serviceSource: str,
  detectionSource: str,
  detectorId: str,
  tenantId: str,
  title: str,
  description: str,
  recommendedActions: str,
  category: str,
  assignedTo: str,
  alertWebUrl: str,
  incidentWebUrl: str,
  actorDisplayName: str,
  threatDisplayName: str,
  threatFamilyName: str,
  mitreTechniques: strArray,
  createdDateTime: str,
  lastUpdateDateTime: str,
  resolvedDateTime: str,
  firstActivityDateTime: str,
  lastActivityDateTime: str,
  comments: opt(z.array(CommentSchema)),
  evidence: opt(z.array(EvidenceSchema)),
  systemTags: strArray,
});

export const IncidentSchema = z.looseObject({
  id: z.string(),
  incidentWebUrl: str,
  redirectIncidentId: str,
  tenantId: str,
  displayName: str,
  createdDateTime: str,
  lastUpdateDateTime: str,
  assignedTo: str,
  classification: opt(Classification),
  determination: opt(Determination),
  status: opt(IncidentStatus),
  severity: opt(Severity),
  customTags: strArray,
  systemTags: strArray,
  description: str,
  comments: opt(z.array(CommentSchema)),
  alerts: opt(z.array(AlertSchema)),
});

export const UserSchema = z.looseObject({
  id: z.string(),
  displayName: str,
  userPrincipalName: str,
  mail: str,
  accountEnabled: opt(z.boolean()),
  jobTitle: str,
  department: str,
  onPremisesSecurityIdentifier: str,
});

export const RiskyUserSchema = z.looseObject({
  id: z.string(),
  userPrincipalName: str,
  userDisplayName: str,
  riskLevel: opt(looseEnum(['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'])),
  riskState: opt(
    looseEnum([
      'none',
      'confirmedSafe',
      'remediated',
      'dismissed',
      'atRisk',
      'confirmedCompromised',
      'unknownFutureValue',
    ]),
  ),
  riskDetail: str,
  riskLastUpdatedDateTime: str,
  isDeleted: opt(z.boolean()),
  isProcessing: opt(z.boolean()),
});

export const SignInSchema = z.looseObject({
  id: z.string(),
  createdDateTime: str,
  userPrincipalName: str,
  userDisplayName: str,
  userId: str,
  appDisplayName: str,
  ipAddress: str,
  clientAppUsed: str,
  riskLevelDuringSignIn: str,
  riskState: str,
  status: opt(z.looseObject({ errorCode: opt(z.number()), failureReason: str })),
  location: opt(z.looseObject({ city: str, state: str, countryOrRegion: str })),
});

export const IdentityProvider = looseEnum(['entraID', 'activeDirectory', 'okta', 'unknownFutureValue']);
export const IdentityAction = looseEnum([
  'disable',
  'enable',
  'forcePasswordReset',
  'revokeAllSessions',
  'requireUserToSignInAgain',
  'markUserAsCompromised',
  'unknownFutureValue',
]);

export const IdentityAccountSchema = z.looseObject({
  id: z.string(),
  displayName: str,
  domain: str,
  onPremisesSecurityIdentifier: str,
  cloudSecurityIdentifier: str,
  isEnabled: opt(z.boolean()),
  accounts: opt(
    z.array(
      z.looseObject({
        identifier: str,
        identityProvider: opt(IdentityProvider),
        actions: opt(z.array(z.string())),
      }),
    ),
  ),
});

/** The doc example wraps the result in `value` and says `provider`; the table says neither. Accept both. */
export const InvokeActionResultSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && 'value' in v && typeof v.value === 'object' ? v.value : v),
  z.looseObject({
    accountId: str,
    action: opt(IdentityAction),
    identityProvider: opt(IdentityProvider),
    provider: opt(IdentityProvider),
    correlationId: str,
  }),
);

export type Incident = z.output<typeof IncidentSchema>;
export type Alert = z.output<typeof AlertSchema>;
export type Comment = z.output<typeof CommentSchema>;
/** A member of a directoryObject collection (transitiveMemberOf): a group, a directory role, ... */
export const DirectoryObjectSchema = z.looseObject({
  '@odata.type': str,
  id: z.string(),
  displayName: str,
  roleTemplateId: str,
});

/** `{ value: true }` as documented; a known issue says another status may come back (204 tolerated). */
export const RevokeSessionsResultSchema = z.union([
  z.looseObject({ value: opt(z.boolean()) }),
  z.undefined(),
]);
export const NoContentSchema = z.unknown();

export type User = z.output<typeof UserSchema>;
export type DirectoryObject = z.output<typeof DirectoryObjectSchema>;
export type RiskyUser = z.output<typeof RiskyUserSchema>;
export type SignIn = z.output<typeof SignInSchema>;
export type IdentityAccount = z.output<typeof IdentityAccountSchema>;
export type InvokeActionResult = z.output<typeof InvokeActionResultSchema>;
