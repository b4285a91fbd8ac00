/**
 * `@odata.nextLink` paging with a cap. Callers get at most `maxItems` and know when more existed,
 * so a tool can say "first N of more" instead of silently dropping data or pulling a whole tenant.
 */
export interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string | null | undefined;
}

export interface Paged<T> {
  items: T[];
  /** True when items were left upstream (cap reached with a nextLink or a longer page). */
  truncated: boolean;
}

export interface PagingLimits {
  maxItems?: number;
  maxPages?: number;
}

export async function collectPages<T>(
  first: () => Promise<Page<T>>,
  next: (nextLink: string) => Promise<Page<T>>,
  limits: PagingLimits = {},
): Promise<Paged<T>> {
  const maxItems = limits.maxItems ?? 1000;
  const maxPages = limits.maxPages ?? 20;
  const items: T[] = [];
  let page = await first();
  for (let pages = 1; ; pages++) {
    const room = maxItems - items.length;
    items.push(...page.value.slice(0, room));
    const link = page['@odata.nextLink'];
    if (page.value.length > room) return { items, truncated: true };
    if (!link) return { items, truncated: false };
    if (items.length >= maxItems || pages >= maxPages) return { items, truncated: true };
    page = await next(link);
  }
}

/**
 * A nextLink must point at the API we called (same origin, same API root): we attach a bearer
 * token to it, and a forged link in a response must not carry that token anywhere else.
 */
export function checkNextLink(nextLink: string, base: string, apiRoot: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return undefined;
  }
  const origin = new URL(base);
  if (url.origin !== origin.origin || url.username || url.password) return undefined;
  if (!url.pathname.toLowerCase().startsWith(`${apiRoot.toLowerCase()}/`)) return undefined;
  return url;
}
