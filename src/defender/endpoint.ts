import { z } from 'zod';
import type { ApiClient, CallOptions, QueryValue } from './api-client.js';
import type { ApiName } from './errors.js';
import type { Filter } from './odata-filter.js';
import { collectPages, type Page, type Paged, type PagingLimits } from './paging.js';
import { page } from './schemas/common.js';
import type { TenantDefinition } from './tenant-sources.js';

export interface ListOptions extends PagingLimits {
  filter?: Filter | undefined;
  top?: number | undefined;
  orderBy?: string | undefined;
  select?: readonly string[] | undefined;
}

/** A 204 (or any body: what a DELETE answers is not read). */
const NOTHING = z.unknown();

/** What every call names: the permission for `forbidden`, the rate budget, the thing for `not_found`. */
export interface CallSpec {
  permission: string;
  budget: { bucket: string; api?: string };
  resource?: string;
  query?: Record<string, QueryValue>;
}

/**
 * The three request shapes the Graph and MDE clients are made of (read one, change one, list many),
 * so the clients only say what they ask for.
 */
export class Endpoint {
  constructor(
    private readonly api: ApiClient,
    private readonly name: ApiName,
  ) {}

  get<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    schema: T,
    spec: CallSpec,
    call?: CallOptions,
  ) {
    return this.api.call(
      tenant,
      { api: this.name, method: 'GET', path, idempotent: true, schema, ...spec },
      call,
    );
  }

  /** A state-changing request (or a read-only POST when `idempotent`, like hunting): sent once unless idempotent. */
  send<T extends z.ZodType>(
    tenant: TenantDefinition,
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    schema: T,
    spec: CallSpec & { idempotent?: boolean; timeoutMs?: number },
    call?: CallOptions,
  ) {
    const { idempotent = false, ...rest } = spec;
    return this.api.call(tenant, { api: this.name, method, path, body, idempotent, schema, ...rest }, call);
  }

  /** Deletes one record (sent once; a 204 answers undefined). */
  remove(
    tenant: TenantDefinition,
    path: string,
    spec: CallSpec & { timeoutMs?: number },
    call?: CallOptions,
  ) {
    return this.api.call(
      tenant,
      { api: this.name, method: 'DELETE', path, idempotent: false, schema: NOTHING, ...spec },
      call,
    );
  }

  list<T extends z.ZodType>(
    tenant: TenantDefinition,
    path: string,
    item: T,
    spec: CallSpec,
    options: ListOptions,
    call?: CallOptions,
  ): Promise<Paged<z.output<T>>> {
    const schema = page(item);
    const query: Record<string, QueryValue> = {
      $filter: options.filter,
      $top: options.top,
      $orderby: options.orderBy,
      $select: options.select?.join(','),
      ...spec.query,
    };
    const base = {
      api: this.name,
      method: 'GET' as const,
      idempotent: true,
      schema,
      permission: spec.permission,
      budget: spec.budget,
    };
    const first = () => this.api.call(tenant, { ...base, path, query }, call) as Promise<Page<z.output<T>>>;
    const next = (link: string) =>
      this.api.call(tenant, { ...base, path: this.api.nextLink(tenant, this.name, link) }, call) as Promise<
        Page<z.output<T>>
      >;
    return collectPages(first, next, options);
  }
}
