import { z } from 'zod';

/**
 * Input-schema rules every tool obeys: each field says what it is for (the model reads these), and
 * unknown keys are rejected at every depth. Walks zod 4 definitions; wrappers are looked through.
 */

type Schema = z.core.$ZodType;
type Def = Schema['_zod']['def'] & Record<string, unknown>;

/** Wrappers whose `innerType` is the field itself (optional, default, ...). */
const WRAPPERS = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'nonoptional',
  'readonly',
  'catch',
  'exact_optional',
]);

/**
 * A zod 4 (classic) object schema, checked by shape rather than instanceof: a plugin package may
 * bring its own copy of zod, whose classes are not ours.
 */
export function isZodObject(value: unknown): value is z.ZodObject {
  const candidate = value as {
    _zod?: { def?: { type?: unknown } };
    safeParse?: unknown;
    extend?: unknown;
  } | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate._zod?.def?.type === 'object' &&
    typeof candidate.safeParse === 'function' &&
    typeof candidate.extend === 'function'
  );
}

function defOf(schema: Schema): Def {
  return schema._zod.def as Def;
}

function description(schema: Schema): string | undefined {
  return z.globalRegistry.get(schema)?.description;
}

/** The schema under wrappers and the input side of pipes (transforms, preprocess). */
function unwrap(schema: Schema): Schema[] {
  const chain = [schema];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (next === undefined) return chain;
    current = next as Schema;
    chain.push(current);
  }
}

function isDescribed(field: Schema): boolean {
  return unwrap(field).some((layer) => (description(layer) ?? '').trim().length > 0);
}

/** Schemas nested directly in a (unwrapped) schema, with the path suffix that leads to them. */
function children(schema: Schema): [string, Schema][] {
  const def = defOf(schema);
  switch (def.type) {
    case 'array':
      return [['[]', def.element as Schema]];
    case 'union':
      return (def.options as Schema[]).map((option, i) => [`|${i}`, option]);
    case 'record':
      return [['.*', def.valueType as Schema]];
    case 'tuple':
      return (def.items as Schema[]).map((item, i) => [`[${i}]`, item]);
    case 'intersection':
      return [
        ['&0', def.left as Schema],
        ['&1', def.right as Schema],
      ];
    default:
      return [];
  }
}

/** Field paths (`filter.since`, `ids[].value`) that lack a `.describe()`. */
export function undescribedFields(input: z.ZodObject, path = 'input'): string[] {
  const problems: string[] = [];
  const visit = (schema: Schema, at: string): void => {
    const inner = unwrap(schema).at(-1) as Schema;
    const def = defOf(inner);
    if (def.type === 'object') {
      for (const [key, field] of Object.entries(def.shape as Record<string, Schema>)) {
        if (!isDescribed(field)) problems.push(`${at}.${key}`);
        visit(field, `${at}.${key}`);
      }
      return;
    }
    for (const [suffix, child] of children(inner)) visit(child, `${at}${suffix}`);
  };
  visit(input, path);
  return problems;
}

/** Paths of objects that accept unknown keys (no `catchall(never)`), after strictify. */
export function nonStrictObjects(input: Schema, path = 'input'): string[] {
  const problems: string[] = [];
  const visit = (schema: Schema, at: string): void => {
    const inner = unwrap(schema).at(-1) as Schema;
    const def = defOf(inner);
    if (def.type === 'object') {
      const catchall = def.catchall as Schema | undefined;
      if (catchall === undefined || defOf(catchall).type !== 'never') problems.push(at);
      for (const [key, field] of Object.entries(def.shape as Record<string, Schema>))
        visit(field, `${at}.${key}`);
      return;
    }
    for (const [suffix, child] of children(inner)) visit(child, `${at}${suffix}`);
  };
  visit(input, path);
  return problems;
}

/** A copy with the same metadata (description) as the original, built from a changed definition. */
function rebuild<S extends Schema>(schema: S, changes: Record<string, unknown>): S {
  const classic = schema as unknown as { clone(def: Def, params: { parent: boolean }): S };
  return classic.clone(z.core.util.mergeDefs(defOf(schema), changes) as Def, { parent: true });
}

/**
 * Returns a copy in which every object, at any depth, rejects unknown keys. The author's schema is
 * not changed. Intersections are left alone: strict halves would reject each other's keys.
 */
export function strictify<S extends Schema>(schema: S): S {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = Object.fromEntries(
        Object.entries(def.shape as Record<string, Schema>).map(([key, field]) => [key, strictify(field)]),
      );
      return rebuild(schema, { shape, catchall: z.never() });
    }
    case 'array':
      return rebuild(schema, { element: strictify(def.element as Schema) });
    case 'union':
      return rebuild(schema, { options: (def.options as Schema[]).map(strictify) });
    case 'record':
      return rebuild(schema, { valueType: strictify(def.valueType as Schema) });
    case 'tuple':
      return rebuild(schema, { items: (def.items as Schema[]).map(strictify) });
    case 'pipe':
      return rebuild(schema, { in: strictify(def.in as Schema) });
    default:
      return WRAPPERS.has(def.type)
        ? rebuild(schema, { innerType: strictify(def.innerType as Schema) })
        : schema;
  }
}
