/** Microsoft leaves fields out or null; results say null. Prevalences arrive as strings or numbers. */
export const orNull = (value: string | null | undefined): string | null => value ?? null;

export function toNumber(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
