import type { Filter } from '../../defender/odata-filter.js';
import { f } from '../../defender/odata-filter.js';
import type { Paged } from '../../defender/paging.js';
import { type CursorScope, decodeCursor, encodeCursor, justAfter, timeKey } from './cursor.js';

/** What a page request asks the access layer for: extra filter, and how many records at most. */
export type FetchPage<T> = (bound: Filter | undefined, count: number) => Promise<Paged<T>>;

export interface NewestFirst<T> {
  items: T[];
  /** Present when older records remain. */
  nextCursor?: string;
}

type Dated = { id: string; createdDateTime?: string | null | undefined };

/**
 * One page of a newest-first list, resumable with an opaque cursor (keyset paging on creation
 * time). Ties at the page boundary are carried in the cursor, so no record is skipped or repeated
 * when several were created in the same instant.
 */
export async function newestFirst<T extends Dated>(
  scope: CursorScope,
  limit: number,
  cursor: string | undefined,
  fetch: FetchPage<T>,
): Promise<NewestFirst<T>> {
  const from = cursor === undefined ? undefined : decodeCursor(cursor, scope);
  const seen = new Set(from?.seen ?? []);
  const bound = from ? f.lt('createdDateTime', justAfter(from.before)) : undefined;
  const paged = await fetch(bound, limit + seen.size + 1);

  const keyed = paged.items.map((item) => ({ item, key: timeKey(item.createdDateTime) ?? '' }));
  keyed.sort((a, b) => b.key.localeCompare(a.key));
  const fresh = keyed.filter(
    ({ item, key }) => !from || key < from.before || (key === from.before && !seen.has(item.id)),
  );
  const page = fresh.slice(0, limit);
  const last = page.at(-1);
  const more = fresh.length > limit || paged.truncated;
  if (!more || !last || last.key === '') return { items: page.map((p) => p.item) };

  const tied = page.filter((p) => p.key === last.key).map((p) => p.item.id);
  const carried = from && from.before === last.key ? [...seen] : [];
  return {
    items: page.map((p) => p.item),
    nextCursor: encodeCursor(scope, { before: last.key, seen: [...carried, ...tied] }),
  };
}
