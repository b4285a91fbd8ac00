/** Keys whose values are never written to the audit log, whatever they hold. */
const SECRET_KEY = /token|secret|password|passphrase|key|assertion|authorization|cookie/i;
/** A JWT (header.payload.signature, base64url) anywhere in a string. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** An HTTP credential as it appears in an Authorization header value. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const MAX_DEPTH = 20;

export const REDACTED = '[REDACTED]';

/** A copy of `value` with secret-named members and credential-looking strings replaced. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[TOO DEEP]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(member, depth + 1);
  }
  return copy;
}

/** Free text with embedded JWTs and bearer/basic credentials replaced. */
export function redactText(text: string): string {
  return text
    .replace(JWT, REDACTED)
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`);
}
