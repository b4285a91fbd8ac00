import { z } from 'zod';
import { isToolError, ToolError } from '../../kernel/errors.js';
import { type ApiClient, type CallOptions, segment } from '../api-client.js';
import { type CallSpec, Endpoint, type ListOptions } from '../endpoint.js';
import { isAmbiguous } from '../mde.js';
import { f } from '../odata-filter.js';
import type { Paged } from '../paging.js';
import { opt, str, strArray } from '../schemas/common.js';
import type { TenantDefinition } from '../tenant-sources.js';
import type { IndicatorAction, IndicatorType } from './values.js';

/**
 * The Defender for Endpoint Indicators API (`/api/indicators`; MicrosoftDocs/defender-docs,
 * api/get-ti-indicators-collection.md, post-ti-indicator.md, delete-ti-indicator-by-id.md).
 * Ti.ReadWrite sees and deletes only the indicators its app submitted; Ti.ReadWrite.All sees all.
 */
export const INDICATOR_PERMISSIONS = { own: 'Ti.ReadWrite', all: 'Ti.ReadWrite.All' } as const;

export const IndicatorSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  indicatorValue: z.string(),
  indicatorType: z.string(),
  action: z.string(),
  title: str,
  description: str,
  severity: str,
  application: str,
  recommendedActions: str,
  expirationTime: str,
  creationTimeDateTimeUtc: str,
  lastUpdateTime: str,
  createdBy: str,
  createdBySource: str,
  lastUpdatedBy: str,
  sourceType: str,
  rbacGroupNames: strArray,
  generateAlert: opt(z.union([z.boolean(), z.string()])),
});
export type Indicator = z.output<typeof IndicatorSchema>;

/** The POST body; keys are case-sensitive camelCase (common-errors.md, "Body parameters are case-sensitive"). */
export interface IndicatorBody {
  indicatorValue: string;
  indicatorType: IndicatorType;
  action: IndicatorAction;
  title: string;
  description: string;
  severity?: 'Informational' | 'Low' | 'Medium' | 'High';
  expirationTime?: string;
  recommendedActions?: string;
  rbacGroupNames?: string[];
  generateAlert?: boolean;
}

/**
 * What happened to a submission. `uncertain`: the request may or may not have reached Defender
 * (timeout, reset, 5xx); it is never resent, the indicator is read back and reported.
 */
export type SubmitOutcome =
  | { status: 'submitted'; indicator: Indicator }
  | { status: 'uncertain'; reason: string; found: Indicator | undefined };

const spec = (api: string, permission: string): CallSpec => ({
  permission,
  budget: { bucket: 'mde', api },
  resource: 'indicator',
});

export class DefenderIndicators {
  private readonly mde: Endpoint;

  constructor(api: ApiClient) {
    this.mde = new Endpoint(api, 'mde');
  }

  /** Active indicators; `skip` pages on (`$skip`, as the API documents). */
  list(
    tenant: TenantDefinition,
    options: ListOptions & { skip?: number },
    call?: CallOptions,
  ): Promise<Paged<Indicator>> {
    const { skip, ...rest } = options;
    const s = spec('indicators', INDICATOR_PERMISSIONS.all);
    const paged = skip ? { ...s, query: { $skip: skip } } : s;
    return this.mde.list(tenant, '/api/indicators', IndicatorSchema, paged, rest, call);
  }

  /** The indicators for one value (the value goes in an escaped `$filter`, never in the path). */
  async findByValue(
    tenant: TenantDefinition,
    type: IndicatorType,
    value: string,
    call?: CallOptions,
  ): Promise<Indicator[]> {
    const filter = f.and(f.eq('indicatorValue', value), f.eq('indicatorType', type));
    const res = await this.list(tenant, { filter, top: 10, maxItems: 10, maxPages: 1 }, call);
    // Defender compares values case-insensitively for hashes and domains; so do we.
    return res.items.filter((i) => i.indicatorValue.toLowerCase() === value.toLowerCase());
  }

  /**
   * Submits (or, for a value that has one, updates) an indicator: sent once. After an ambiguous
   * failure the value is read back with a fresh deadline and matched on `marker` (in the description).
   */
  async submit(
    tenant: TenantDefinition,
    body: IndicatorBody,
    marker: string,
    call?: CallOptions,
  ): Promise<SubmitOutcome> {
    const s = { ...spec('indicatorSubmit', INDICATOR_PERMISSIONS.own), timeoutMs: 30_000 };
    try {
      const indicator = await this.mde.send(
        tenant,
        'POST',
        '/api/indicators',
        body,
        IndicatorSchema,
        s,
        call,
      );
      return { status: 'submitted', indicator };
    } catch (error) {
      if (!isToolError(error) || !isAmbiguous(error)) throw error;
      const found = await this.findByValue(tenant, body.indicatorType, body.indicatorValue, {
        signal: AbortSignal.timeout(15_000),
      }).catch(() => undefined);
      if (found === undefined) {
        throw new ToolError(
          'timeout',
          `The indicator may or may not have reached Defender (${error.code}), and it could not be read back.`,
          { hint: 'Do not submit it again blindly: list_indicators for this value first.' },
        );
      }
      return {
        status: 'uncertain',
        reason: error.code,
        found: found.find((i) => (i.description ?? '').includes(marker)),
      };
    }
  }

  /** Deletes an indicator by its id (digits only, and encoded: never a caller's raw text in the path). */
  async delete(tenant: TenantDefinition, id: string, call?: CallOptions): Promise<void> {
    if (!/^\d{1,20}$/.test(id)) throw new ToolError('validation_error', 'An indicator id is a number.');
    await this.mde.remove(
      tenant,
      `/api/indicators/${segment(id)}`,
      spec('indicatorDelete', INDICATOR_PERMISSIONS.own),
      call,
    );
  }
}
