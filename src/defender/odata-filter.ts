/**
 * An OData `$filter` builder whose values cannot change the filter's structure: strings are quoted
 * with `'` doubled (the OData rule Graph enforces), numbers and dates are validated, and property
 * names are checked against an identifier pattern. `x' or startswith(subject,'` stays one literal.
 */
export type FilterValue = string | number | boolean | Date | null;

const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A filter expression built only by this module (a brand, so raw strings cannot be passed). */
export interface Filter {
  readonly __filter: true;
  toString(): string;
}

function make(text: string): Filter {
  return { __filter: true, toString: () => text } as Filter;
}

function property(name: string): string {
  if (!PROPERTY.test(name)) throw new TypeError('Invalid OData property name.');
  return name;
}

/** Renders one literal. Strings: `'` doubled; Date: ISO 8601 UTC (unquoted, as Graph expects for DateTimeOffset). */
export function literal(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('OData numbers must be finite.');
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('Invalid date.');
    return value.toISOString();
  }
  return `'${value.replace(/'/g, "''")}'`;
}

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export const f = {
  cmp(name: string, op: Comparison, value: FilterValue): Filter {
    return make(`${property(name)} ${op} ${literal(value)}`);
  },
  eq: (name: string, value: FilterValue) => f.cmp(name, 'eq', value),
  ne: (name: string, value: FilterValue) => f.cmp(name, 'ne', value),
  gt: (name: string, value: FilterValue) => f.cmp(name, 'gt', value),
  ge: (name: string, value: FilterValue) => f.cmp(name, 'ge', value),
  lt: (name: string, value: FilterValue) => f.cmp(name, 'lt', value),
  le: (name: string, value: FilterValue) => f.cmp(name, 'le', value),
  startsWith(name: string, value: string): Filter {
    return make(`startswith(${property(name)},${literal(value)})`);
  },
  /** `name in ('a','b')`, each value escaped. */
  in(name: string, values: readonly FilterValue[]): Filter {
    if (values.length === 0) throw new TypeError('An "in" filter needs at least one value.');
    return make(`${property(name)} in (${values.map(literal).join(',')})`);
  },
  /** `tags/any(t: t eq 'x')` for collections of strings. */
  anyEq(collection: string, value: FilterValue): Filter {
    return make(`${property(collection)}/any(x: x eq ${literal(value)})`);
  },
  and(...parts: (Filter | undefined)[]): Filter | undefined {
    return join(parts, 'and');
  },
  or(...parts: (Filter | undefined)[]): Filter | undefined {
    return join(parts, 'or');
  },
  not(part: Filter): Filter {
    return make(`not (${part.toString()})`);
  },
};

function join(parts: (Filter | undefined)[], op: 'and' | 'or'): Filter | undefined {
  const present = parts.filter((p): p is Filter => p !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return make(present.map((p) => `(${p.toString()})`).join(` ${op} `));
}
