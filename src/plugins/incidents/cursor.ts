import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ToolError } from '../../kernel/index.js';

/**
 * Opaque paging cursors. A cursor holds a position, never a URL: the creation time of the last
 * record shown and the ids shown at exactly that time (ties), plus the tenant and a fingerprint of
 * the filters it belongs to. The next page is a fresh, filtered request for records created at or
 * before that time, so whatever a model puts in a cursor it cannot make us fetch another address.
 */

export const CursorArg = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+$/, 'a cursor is the nextCursor value of a previous result, unchanged')
  .describe(
    'nextCursor from the previous result, unchanged, to get the next (older) page. Same filters and tenant.',
  );

const State = z
  .object({
    v: z.literal(1),
    k: z.string(),
    t: z.string(),
    q: z.string(),
    b: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/),
    s: z.array(z.string().max(200)).max(500),
  })
  .strict();

/** What a cursor must match: which list, which tenant, which filters. */
export interface CursorScope {
  list: string;
  tenant: string;
  filters: Readonly<Record<string, unknown>>;
}

export interface Position {
  /** Normalised creation time of the last record shown. */
  before: string;
  /** Ids already shown that were created exactly at `before`. */
  seen: readonly string[];
}

function fingerprint(filters: CursorScope['filters']): string {
  const sorted = Object.keys(filters)
    .sort()
    .map((k) => [k, filters[k] ?? null]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 16);
}

export function encodeCursor(scope: CursorScope, position: Position): string {
  const state = {
    v: 1,
    k: scope.list,
    t: scope.tenant,
    q: fingerprint(scope.filters),
    b: position.before,
    s: position.seen,
  };
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string, scope: CursorScope): Position {
  let state: z.output<typeof State> | undefined;
  try {
    state = State.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    state = undefined;
  }
  if (
    !state ||
    state.k !== scope.list ||
    state.t !== scope.tenant ||
    state.q !== fingerprint(scope.filters)
  ) {
    throw new ToolError('validation_error', 'The cursor does not belong to this query.', {
      hint: 'Pass nextCursor from the previous result unchanged, with the same filters and tenant; omit cursor to start from the newest.',
    });
  }
  return { before: state.b, seen: state.s };
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/**
 * A creation time as a fixed-width UTC string with 7 fractional digits (Graph's precision), so
 * times compare as strings without losing the digits a JavaScript Date drops. Undefined if unparsable.
 */
export function timeKey(value: string | null | undefined): string | undefined {
  const m = ISO.exec(value ?? '');
  if (!m) return undefined;
  const fraction = (m[2] ?? '').padEnd(7, '0').slice(0, 7);
  if (m[3] === 'Z') return `${m[1]}.${fraction}Z`;
  const whole = new Date(`${m[1]}${m[3]}`);
  if (Number.isNaN(whole.getTime())) return undefined;
  return `${whole.toISOString().slice(0, 19)}.${fraction}Z`;
}

/** The first millisecond after `key`: a Date bound that includes every record at `key`. */
export function justAfter(key: string): Date {
  return new Date(new Date(`${key.slice(0, 23)}Z`).getTime() + 1);
}
