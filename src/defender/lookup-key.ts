import { ToolError } from '../kernel/errors.js';

/**
 * The one lookup field given, of several a tool accepts (a device by machine id, DNS name or IP; a user
 * by UPN or object id). Ids compared case-insensitively (`lowerCase`) are lower-cased.
 */
export function exactlyOne<K extends string>(
  input: Readonly<Partial<Record<K, string | undefined>>>,
  keys: readonly [K, K, ...K[]],
  lowerCase: K,
  hint?: string,
): { by: K; value: string } {
  const given = keys.filter((k) => input[k] !== undefined);
  const [by] = given;
  if (given.length !== 1 || by === undefined) {
    const names = `${keys.slice(0, -1).join(', ')} or ${keys.at(-1)}`;
    throw new ToolError('validation_error', `Give exactly one of ${names}.`, hint ? { hint } : {});
  }
  const value = input[by] as string;
  return { by, value: by === lowerCase ? value.toLowerCase() : value };
}
