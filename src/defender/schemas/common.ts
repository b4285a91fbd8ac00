import { z } from 'zod';

/**
 * Microsoft adds enum members over time (`unknownFutureValue`, evolvable enums) and its docs mix
 * camelCase and PascalCase. A known member, in any case, becomes its canonical spelling; an unknown
 * member is kept as is rather than failing the whole response.
 */
export function looseEnum<const T extends readonly [string, ...string[]]>(members: T) {
  const byLower = new Map(members.map((m) => [m.toLowerCase(), m]));
  return z
    .string()
    .transform((value): T[number] | (string & {}) => byLower.get(value.toLowerCase()) ?? value);
}

/** Optional and nullable: Microsoft returns null for unset fields and omits others. */
export const opt = <S extends z.ZodType>(schema: S) => schema.nullish();

export const str = opt(z.string());
export const strArray = opt(z.array(z.string()));

/** A Graph/MDE collection page; unknown top-level fields (`@odata.context`, `@odata.count`) tolerated. */
export function page<S extends z.ZodType>(item: S) {
  return z.looseObject({
    value: z.array(item),
    '@odata.nextLink': opt(z.string()),
    '@odata.count': opt(z.number()),
  });
}

/** Lower-cases top-level keys, so `Schema`/`schema` and `Name`/`name` parse alike. */
export function lowerKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
}

function isPlainRow(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A hunting result in either casing (Graph `schema`/`results`, MDE `Schema`/`Results`). */
export const HuntingResultSchema = z.preprocess(
  lowerKeys,
  z.looseObject({
    schema: z
      .array(z.preprocess(lowerKeys, z.looseObject({ name: z.string(), type: z.string().nullish() })))
      .default([]),
    // Rows are checked, not copied: z.record would clone every row of a 100,000-row result.
    results: z
      .array(z.custom<Record<string, unknown>>(isPlainRow, 'a hunting row must be an object'))
      .default([]),
  }),
);
export type HuntingResult = z.output<typeof HuntingResultSchema>;
