import { type Filter, f } from '../../defender/odata-filter.js';
import { ALL_TENANTS } from '../../defender/tenants.js';
import { ToolError } from '../../kernel/index.js';

/** Equality filters by Graph property name, plus a creation-time window. */
export function graphFilter(
  equals: Readonly<Record<string, string | undefined>>,
  created: { after?: string | undefined; before?: string | undefined },
): Filter | undefined {
  const after = created.after === undefined ? undefined : new Date(created.after);
  const before = created.before === undefined ? undefined : new Date(created.before);
  if (after && before && after.getTime() >= before.getTime()) {
    throw new ToolError('validation_error', 'createdAfter must be earlier than createdBefore.');
  }
  return f.and(
    ...Object.entries(equals).map(([name, value]) => (value === undefined ? undefined : f.eq(name, value))),
    after ? f.ge('createdDateTime', after) : undefined,
    before ? f.lt('createdDateTime', before) : undefined,
  );
}

/** A cursor continues one tenant's list: "*" has one list per tenant. */
export function oneTenantForCursor(tenant: string | undefined, cursor: string | undefined): void {
  if (cursor !== undefined && tenant === ALL_TENANTS) {
    throw new ToolError(
      'validation_error',
      'A cursor continues the list of one tenant; "*" cannot take a cursor.',
      {
        hint: 'Pass the tenant key the nextCursor came with.',
      },
    );
  }
}
