/** Timestamps the way Microsoft's APIs print them: ISO 8601, seven fraction digits, `Z`. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `2021-08-13T08:43:35.5533333Z`. The extra digits repeat the milliseconds' last digit, like Graph's. */
export function iso7(ms: number): string {
  const base = new Date(ms).toISOString(); // 2021-08-13T08:43:35.553Z
  return `${base.slice(0, 23)}${base.charAt(22).repeat(4)}Z`;
}

/** Parses an ISO date-time (any number of fraction digits); NaN when it is not one. */
export function parseIso(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text))
    return Number.NaN;
  // Date.parse keeps milliseconds only; trim extra fraction digits it would reject.
  return Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
}

/**
 * A record's next `lastUpdateDateTime`: now, or a millisecond after the last one when the clock has
 * not moved since (two changes in one millisecond must still be told apart).
 */
export function nextUpdateTime(previous: string, now: number): string {
  const last = parseIso(previous);
  return iso7(Number.isNaN(last) || now > last ? now : last + 1);
}
