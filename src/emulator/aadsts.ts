import { randomUUID } from 'node:crypto';
import type { EmuResponse } from './routing.js';

/** The Entra errors the emulator produces, with the status, OAuth error and AADSTS code Entra uses. */
export const AADSTS = {
  tenantNotFound: { status: 400, error: 'invalid_tenant', code: 90002 },
  missingParameter: { status: 400, error: 'invalid_request', code: 900144 },
  unsupportedGrantType: { status: 400, error: 'unsupported_grant_type', code: 70003 },
  malformedAssertion: { status: 400, error: 'invalid_request', code: 50027 },
  invalidScope: { status: 400, error: 'invalid_scope', code: 70011 },
  invalidResource: { status: 400, error: 'invalid_resource', code: 500011 },
  unknownClient: { status: 400, error: 'unauthorized_client', code: 700016 },
  noCredential: { status: 401, error: 'invalid_client', code: 7000216 },
  badSecret: { status: 401, error: 'invalid_client', code: 7000215 },
  certificateNotRegistered: { status: 401, error: 'invalid_client', code: 700027 },
  assertionExpired: { status: 401, error: 'invalid_client', code: 700024 },
  assertionAudience: { status: 401, error: 'invalid_client', code: 50012 },
  assertionSubject: { status: 401, error: 'invalid_client', code: 700021 },
  temporarilyUnavailable: { status: 503, error: 'temporarily_unavailable', code: 90033 },
  badRedirectUri: { status: 400, error: 'invalid_request', code: 50011 },
  codeInvalid: { status: 400, error: 'invalid_grant', code: 70008 },
  pkceMismatch: { status: 400, error: 'invalid_grant', code: 501481 },
  resourceMismatch: { status: 400, error: 'invalid_target', code: 9010010 },
} as const;

export type AadstsKind = keyof typeof AADSTS;

export interface AadstsContext {
  /** The caller's `client-request-id` (MSAL sends one); otherwise a fresh id. */
  correlationId?: string;
  now: number;
}

/** `2024-03-26 09:39:50Z`: the timestamp format of Entra error bodies. */
function entraTimestamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** An Entra-shaped error: `{error, error_description: "AADSTS<code>: ...", error_codes, timestamp, ...}`. */
export function aadstsError(kind: AadstsKind, message: string, context: AadstsContext): EmuResponse {
  const { status, error, code } = AADSTS[kind];
  const traceId = randomUUID();
  const correlationId = context.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(context.now);
  return {
    status,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
    body: {
      error,
      error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

/** AADSTS90002, for the token endpoint and OpenID discovery alike. */
export function tenantNotFound(tenant: string, context: AadstsContext): EmuResponse {
  return aadstsError(
    'tenantNotFound',
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    context,
  );
}
