import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented secret (client secret, identity header, control key) with the expected one
 * without leaking where they differ. Hashing first gives equal lengths, so the length is not leaked
 * either; a missing value never matches.
 */
export function secretEquals(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
