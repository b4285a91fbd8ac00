import { ODataError } from './errors.js';
import { type CompareOp, ELEMENT, type FilterExpr, type Literal, parseFilter } from './parser.js';

/** How a filterable property compares. Strings and enums compare case-insensitively. */
export type PropertyKind = 'string' | 'enum' | 'number' | 'datetime' | 'boolean' | 'stringArray';

export interface PropertySpec<T = unknown> {
  kind: PropertyKind;
  /** Allowed enum members; a filter naming another value is a 400, like the real services. */
  values?: readonly string[];
  /** Reads the value from a record (default: the property of the same name). A method, so a
   * schema of a specific record type is usable where any schema is expected. */
  get?(record: T): unknown;
}

/** The properties a resource documents as filterable. Anything else is refused. */
export interface FilterSchema<T = unknown> {
  /** Type name for error messages, e.g. `microsoft.graph.security.incident`. */
  typeName: string;
  properties: Record<string, PropertySpec<T>>;
}

export type Predicate<T> = (record: T) => boolean;

export type Value = string | number | boolean | null;

/** A record's value in comparable form: lower-case strings, epoch ms, numbers, booleans, null. */
export function asValue(spec: PropertySpec, raw: unknown): Value | readonly string[] {
  if (raw === undefined || raw === null) return null;
  if (spec.kind === 'stringArray') return Array.isArray(raw) ? raw.map(String) : [];
  if (spec.kind === 'datetime')
    return typeof raw === 'number' ? raw : Date.parse(String(raw).replace(/(\.\d{3})\d+/, '$1'));
  if (spec.kind === 'number') return typeof raw === 'number' ? raw : Number(raw);
  if (spec.kind === 'boolean') return Boolean(raw);
  return String(raw).toLowerCase();
}

/** Converts a literal to the property's kind, or explains why it does not fit. */
function literalFor(property: string, spec: PropertySpec, literal: Literal): Value {
  if (literal.kind === 'null') return null;
  const bad = () =>
    new ODataError(`A literal of type '${literal.kind}' cannot be compared with property '${property}'.`);
  switch (spec.kind) {
    case 'string':
      if (literal.kind === 'string' || literal.kind === 'guid') return literal.value.toLowerCase();
      throw bad();
    case 'enum': {
      if (literal.kind !== 'string') throw bad();
      const value = literal.value.toLowerCase();
      if (spec.values && !spec.values.some((v) => v.toLowerCase() === value)) {
        throw new ODataError(
          `The value '${literal.value}' is not a valid member of the enumeration of property '${property}'.`,
        );
      }
      return value;
    }
    case 'number': {
      const n =
        literal.kind === 'number'
          ? literal.value
          : literal.kind === 'string'
            ? Number(literal.value)
            : Number.NaN;
      if (Number.isNaN(n)) throw bad();
      return n;
    }
    case 'datetime': {
      const ms =
        literal.kind === 'datetime'
          ? literal.value
          : literal.kind === 'string'
            ? Date.parse(literal.value.replace(/(\.\d{3})\d+/, '$1'))
            : Number.NaN;
      if (Number.isNaN(ms)) throw bad();
      return ms;
    }
    case 'boolean':
      if (literal.kind === 'boolean') return literal.value;
      throw bad();
    case 'stringArray':
      throw new ODataError(
        `Property '${property}' is a collection: filter it with ${property}/any(x: x eq '...').`,
      );
  }
}

function compare(op: CompareOp, left: Value, right: Value): boolean {
  if (op === 'eq') return left === right;
  if (op === 'ne') return left !== right;
  if (left === null || right === null) return false;
  switch (op) {
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}

/** A filterable property by name (any case), with its getter; ODataError when there is none. */
export function lookup(schema: FilterSchema, property: string): PropertySpec {
  const key = Object.keys(schema.properties).find((k) => k.toLowerCase() === property.toLowerCase());
  const spec = key === undefined ? undefined : schema.properties[key];
  if (!spec || key === undefined) {
    throw new ODataError(`Could not find a property named '${property}' on type '${schema.typeName}'.`);
  }
  return spec.get ? spec : { ...spec, get: (r: unknown) => (r as Record<string, unknown>)[key] };
}

function compile(expr: FilterExpr, schema: FilterSchema): Predicate<unknown> {
  switch (expr.kind) {
    case 'logical': {
      const l = compile(expr.left, schema);
      const r = compile(expr.right, schema);
      return expr.op === 'and' ? (x) => l(x) && r(x) : (x) => l(x) || r(x);
    }
    case 'not': {
      const inner = compile(expr.expr, schema);
      return (x) => !inner(x);
    }
    case 'compare': {
      const spec = lookup(schema, expr.property);
      const right = literalFor(expr.property, spec, expr.value);
      if (spec.kind === 'enum' && expr.op !== 'eq' && expr.op !== 'ne') {
        throw new ODataError(
          `Operator '${expr.op}' is not supported for enumeration property '${expr.property}'.`,
        );
      }
      const get = (x: unknown) => spec.get?.(x);
      return (x) => compare(expr.op, asValue(spec, get(x)) as Value, right);
    }
    case 'in': {
      const spec = lookup(schema, expr.property);
      const values = expr.values.map((v) => literalFor(expr.property, spec, v));
      const get = (x: unknown) => spec.get?.(x);
      return (x) => values.includes(asValue(spec, get(x)) as Value);
    }
    case 'function': {
      const spec = lookup(schema, expr.property);
      if (spec.kind !== 'string' && spec.kind !== 'enum') {
        throw new ODataError(`Function '${expr.fn}' needs a string property; '${expr.property}' is not one.`);
      }
      const needle = expr.value.toLowerCase();
      const get = (x: unknown) => spec.get?.(x);
      return (x) => {
        const v = asValue(spec, get(x));
        if (typeof v !== 'string') return false;
        return expr.fn === 'startswith'
          ? v.startsWith(needle)
          : expr.fn === 'endswith'
            ? v.endsWith(needle)
            : v.includes(needle);
      };
    }
    case 'any': {
      const spec = lookup(schema, expr.property);
      if (spec.kind !== 'stringArray')
        throw new ODataError(`Property '${expr.property}' is not a collection.`);
      const element: FilterSchema = {
        typeName: schema.typeName,
        properties: { [ELEMENT]: { kind: 'string', get: (v: unknown) => v } },
      };
      const body = compile(expr.body, element);
      const get = (x: unknown) => spec.get?.(x);
      return (x) => (asValue(spec, get(x)) as readonly string[]).some((item) => body(item));
    }
  }
}

/** Parses and type-checks a `$filter` against a resource's filterable properties. Throws ODataError. */
export function compileFilter<T>(text: string, schema: FilterSchema<T>): Predicate<T> {
  return compile(parseFilter(text), schema as FilterSchema) as Predicate<T>;
}
