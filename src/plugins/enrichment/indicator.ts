import { z } from 'zod';
import type { CallOptions } from '../../defender/api-client.js';
import type { IndicatorType } from '../../defender/indicators/index.js';
import { forTenants, type TenantResult, tenantResult } from '../../defender/present.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import type { Tenants } from '../../defender/tenants.js';
import {
  type NextStep,
  NextStepSchema,
  nextSteps,
  type ToolAvailability,
  type ToolContext,
} from '../../kernel/index.js';
import type { AlertRef } from './alert-refs.js';
import { indicatorNextSteps } from './indicator-hints.js';

/**
 * What enrich_ip and enrich_file share: an indicator looked up in each tenant asked (`"*"`: every
 * tenant, each reported in its place), then next calls for the devices, users and alerts it was seen
 * with, and a hunt for it.
 */

/** The output schema: the indicator under `key`, one view (its shape) per tenant, and the next calls. */
export function indicatorOutput<K extends string, V extends z.ZodRawShape>(key: K, view: V) {
  const indicator = { [key]: z.string() } as Record<K, z.ZodString>;
  return z.object({
    ...indicator,
    results: z
      .array(tenantResult(view))
      .describe('One entry per tenant, labelled with the configured tenant key.'),
    nextSteps: z.array(NextStepSchema),
  });
}

/** What an indicator's view in one tenant names, for the next calls. */
interface Named {
  relatedAlerts: { items: readonly AlertRef[] };
  machineIds: readonly string[];
  upns: readonly string[];
}

/** Reads the indicator in each tenant asked; the results and the next calls (not yet escaped). */
export async function lookUpIndicator<V extends Named>(
  deps: { tenants: Tenants; catalog: ToolAvailability },
  requestedTenant: string | undefined,
  ctx: ToolContext,
  read: (tenant: TenantDefinition, call: CallOptions) => Promise<V>,
  hunt: { query: string; why: string },
  indicator: { indicatorType: IndicatorType; value: string },
): Promise<{ results: TenantResult<V>[]; nextSteps: NextStep[] }> {
  const results = await forTenants(deps.tenants, requestedTenant, ctx, read);
  const perTenant = results.flatMap((r) =>
    r.ok
      ? [
          {
            tenant: r.tenant,
            alerts: r.relatedAlerts.items,
            machineIds: r.machineIds,
            upns: r.upns,
          },
        ]
      : [],
  );
  return {
    results,
    nextSteps: nextSteps(deps.catalog, indicatorNextSteps({ requestedTenant, perTenant, hunt, indicator })),
  };
}
