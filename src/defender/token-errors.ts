import { ToolError } from '../kernel/errors.js';
import { CredentialError } from './credentials.js';
import { TransportError } from './http.js';

/**
 * Turns a token failure into an actionable, redacted ToolError. MSAL's own messages can quote
 * request details, so we never pass them on: we extract the AADSTS number and map it to a hint.
 */
const AADSTS_HINTS: Record<string, string> = {
  '700016':
    'The app (clientId) is not registered or not consented in this tenant: check clientId and admin consent.',
  '90002': 'The tenant was not found: check tenantId (and the cloud).',
  '900023': 'The tenant id is not valid: check tenantId.',
  '90072': 'The app is not registered in this tenant: grant admin consent in the customer tenant.',
  '700027':
    'Entra rejected the certificate signature: upload this certificate to the app registration (Certificates & secrets).',
  '700024': "The client assertion is outside its valid time range: check the server's clock.",
  '7000215': 'The client secret is wrong: check the secret environment variable.',
  '7000222': 'The client secret has expired: create a new secret (or, better, switch to a certificate).',
  '70011': 'Entra rejected the requested scope: check the cloud setting for this tenant.',
  '7000112': 'The app is disabled in this tenant: re-enable the service principal.',
  '500011':
    'The API is not available in this tenant (resource principal not found): is the product licensed?',
  '53003': 'Conditional Access blocked the app: exclude this workload identity or adjust the policy.',
  '700082': 'The credential has expired: renew it.',
  '7000216': 'The app has no credential in the request: configure a certificate or secret for this tenant.',
  '50012': 'Entra rejected the client assertion audience: check the cloud (login URL) for this tenant.',
  '700021': 'Entra rejected the client assertion subject: check clientId.',
  '90033': 'The sign-in service is temporarily unavailable: try again shortly.',
  '1002012': 'The requested scope is invalid: check the cloud setting for this tenant.',
};

export function aadstsCode(text: string | undefined): string | undefined {
  return text?.match(/AADSTS(\d{4,8})/)?.[1];
}

function describeMsalError(error: unknown): { message: string; hint: string } {
  const e = error as { errorCode?: unknown; errorMessage?: unknown; message?: unknown };
  const text = [e.errorMessage, e.message].filter((x) => typeof x === 'string').join(' ');
  const code = aadstsCode(text);
  if (code) {
    return {
      message: `the token request failed (AADSTS${code}).`,
      hint: AADSTS_HINTS[code] ?? `See https://login.microsoftonline.com/error?code=${code}`,
    };
  }
  const errorCode =
    typeof e.errorCode === 'string' && /^[a-z_]{1,64}$/i.test(e.errorCode) ? e.errorCode : 'unknown';
  return {
    message: `the token request failed (${errorCode}).`,
    hint: 'Run `mcp-xdr check --online` for details on this tenant.',
  };
}

export function tokenFailure(tenantKey: string, error: unknown): ToolError {
  if (error instanceof ToolError) return error;
  if (error instanceof CredentialError) {
    return new ToolError('unavailable', error.message, {
      hint: error.hint,
      details: { reason: error.reason },
    });
  }
  if (error instanceof TransportError) {
    if (error.kind === 'aborted') return new ToolError('cancelled', 'The request was cancelled.');
    return new ToolError(
      'unavailable',
      `Tenant "${tenantKey}": cannot reach the sign-in endpoint (${error.kind}).`,
      {
        hint:
          error.kind === 'tls'
            ? 'Set caFile for a TLS-inspecting proxy.'
            : 'Check network access and proxy settings.',
      },
    );
  }
  const { message, hint } = describeMsalError(error);
  return new ToolError('unavailable', `Tenant "${tenantKey}": ${message}`, { hint });
}
