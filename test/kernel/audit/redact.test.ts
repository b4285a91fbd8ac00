import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, redactText } from '../../../src/kernel/audit/redact.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';

describe('audit redaction', () => {
  it('replaces every member whose name says it holds a secret, at any depth', () => {
    const redacted = redactSecrets({
      password: 'p',
      nested: { clientSecret: 's', apiKey: 'k', list: [{ refresh_token: 't', Cookie: 'c' }] },
      Authorization: 'Basic abc',
      passphrase: 'x',
      clientAssertion: 'a',
      comment: 'fine',
    });
    expect(redacted).toEqual({
      password: REDACTED,
      nested: {
        clientSecret: REDACTED,
        apiKey: REDACTED,
        list: [{ refresh_token: REDACTED, Cookie: REDACTED }],
      },
      Authorization: REDACTED,
      passphrase: REDACTED,
      clientAssertion: REDACTED,
      comment: 'fine',
    });
  });

  it('replaces JWTs and bearer credentials inside free text', () => {
    expect(redactText(`token was ${JWT}, see`)).toBe(`token was ${REDACTED}, see`);
    expect(redactText('header Bearer abcdefghijklmnop.qrs end')).toBe(`header Bearer ${REDACTED} end`);
    expect(redactSecrets({ note: [`x ${JWT}`] })).toEqual({ note: [`x ${REDACTED}`] });
  });

  it('leaves ordinary values alone', () => {
    const value = { deviceId: 'a'.repeat(40), count: 3, ok: true, nothing: null, text: 'Bearer of bad news' };
    expect(redactSecrets(value)).toEqual(value);
  });
});
