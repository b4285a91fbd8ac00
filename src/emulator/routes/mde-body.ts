import { isPlainObject } from './context.js';

/**
 * Defender for Endpoint request bodies: PascalCase keys, case-sensitive (facts §2). A key that only
 * differs in case from a known one, or an unknown key, is `InvalidRequestBody`; a missing required
 * one is `MissingRequiredParameter`. Enum values are matched case-insensitively.
 */
export type BodyField = { required: boolean } & (
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'sha1' }
);

export type BodyResult =
  | { ok: true; values: Record<string, string | undefined> }
  | {
      ok: false;
      code: 'InvalidRequestBody' | 'MissingRequiredParameter' | 'InvalidHashValue';
      message: string;
    };

export function readMdeBody(body: unknown, fields: Record<string, BodyField>): BodyResult {
  if (!isPlainObject(body))
    return {
      ok: false,
      code: 'InvalidRequestBody',
      message: 'Request body is missing or is not a JSON object.',
    };
  const names = Object.keys(fields);
  for (const key of Object.keys(body)) {
    if (names.includes(key)) continue;
    const near = names.find((n) => n.toLowerCase() === key.toLowerCase());
    return {
      ok: false,
      code: 'InvalidRequestBody',
      message: near
        ? `Request body is invalid: '${key}' is not a valid parameter (parameters are case-sensitive; did you mean '${near}'?).`
        : `Request body is invalid: '${key}' is not a valid parameter.`,
    };
  }
  const values: Record<string, string | undefined> = {};
  for (const [name, field] of Object.entries(fields)) {
    const raw = body[name];
    if (raw === undefined || raw === null || raw === '') {
      if (field.required)
        return { ok: false, code: 'MissingRequiredParameter', message: `${name} is a required parameter.` };
      values[name] = undefined;
      continue;
    }
    if (typeof raw !== 'string')
      return {
        ok: false,
        code: 'InvalidRequestBody',
        message: `Request body is invalid: '${name}' must be a string.`,
      };
    if (field.kind === 'enum') {
      const member = field.values.find((v) => v.toLowerCase() === raw.toLowerCase());
      if (!member) {
        return {
          ok: false,
          code: 'InvalidRequestBody',
          message: `Request body is invalid: '${raw}' is not a valid ${name} (${field.values.join(', ')}).`,
        };
      }
      values[name] = member;
    } else if (field.kind === 'sha1') {
      if (!/^[0-9a-fA-F]{40}$/.test(raw))
        return {
          ok: false,
          code: 'InvalidHashValue',
          message: `The hash value '${raw}' is not a valid SHA1.`,
        };
      values[name] = raw.toLowerCase();
    } else {
      values[name] = raw;
    }
  }
  return { ok: true, values };
}
