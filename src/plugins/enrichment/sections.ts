import { z } from 'zod';
import { TenantErrorSchema } from '../../defender/present.js';
import { isToolError } from '../../kernel/index.js';

/**
 * A result is made of sections read in parallel (alerts, users, actions, ...). One section failing
 * (a missing permission, throttling) is reported in its place; the rest of the picture still helps.
 */
export const SectionErrorSchema = TenantErrorSchema;
export type SectionError = z.output<typeof SectionErrorSchema>;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: SectionError };

/** Waits for a section; a ToolError becomes its error in place. Anything else is a bug and propagates. */
export async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    if (!isToolError(error) || error.code === 'cancelled') throw error;
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
      },
    };
  }
}

/** A listed section: items shown, whether more existed, or why it could not be read. */
export function listSection<I extends z.ZodType>(item: I) {
  return z.object({
    items: z.array(item),
    truncated: z.boolean().describe('True when more existed than are shown.'),
    error: SectionErrorSchema.optional().describe(
      'Why this section could not be read; the rest still holds.',
    ),
  });
}

export interface ListSection<T> {
  items: T[];
  truncated: boolean;
  error?: SectionError;
}

/** A settled list, newest first when `timeOf` is given, cut to `limit` shown items. */
export function toListSection<T, U>(
  settled: Settled<{ items: T[]; truncated: boolean }>,
  limit: number,
  map: (item: T) => U,
  timeOf?: (item: T) => string | null | undefined,
): ListSection<U> {
  if (!settled.ok) return { items: [], truncated: false, error: settled.error };
  const { truncated } = settled.value;
  const at = (item: T) => Date.parse(timeOf?.(item) ?? '') || 0;
  const items = timeOf ? [...settled.value.items].sort((a, b) => at(b) - at(a)) : settled.value.items;
  return { items: items.slice(0, limit).map(map), truncated: truncated || items.length > limit };
}
