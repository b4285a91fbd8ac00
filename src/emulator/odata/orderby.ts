import { ODataError } from './errors.js';
import { asValue, type FilterSchema, lookup, type Value } from './filter.js';

/**
 * `$orderby=prop [asc|desc], ...` over a resource's filterable properties (the same ones `$filter`
 * accepts). Nulls sort first ascending, like OData. Throws ODataError on anything else.
 */
export function compileOrderBy<T>(text: string, schema: FilterSchema<T>): (a: T, b: T) => number {
  const keys = text.split(',').map((part) => {
    const match = /^\s*([A-Za-z_][\w/]*)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!match) throw new ODataError(`Syntax error in $orderby near '${part.trim()}'.`);
    const spec = lookup(schema as FilterSchema, match[1] ?? '');
    if (spec.kind === 'stringArray')
      throw new ODataError(`Cannot order by the collection property '${match[1]}'.`);
    return { spec, sign: match[2]?.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { spec, sign } of keys) {
      const x = asValue(spec, spec.get?.(a)) as Value;
      const y = asValue(spec, spec.get?.(b)) as Value;
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return x < y ? -sign : sign;
    }
    return 0;
  };
}
