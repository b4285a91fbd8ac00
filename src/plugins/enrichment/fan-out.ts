import { z } from 'zod';
import { fanOut, type TenantOutcome } from '../../defender/fanout.js';
import type { TenantDefinition } from '../../defender/tenant-sources.js';
import { ALL_TENANTS, type Tenants } from '../../defender/tenants.js';
import type { ToolContext } from '../../kernel/index.js';
import { SectionErrorSchema } from './sections.js';

/** Per-tenant results of a read that may fan out: each labelled with OUR tenant key. */
export function tenantResults<V extends z.ZodObject>(value: V) {
  return z.array(
    z.discriminatedUnion('ok', [
      z.object({ tenant: z.string(), ok: z.literal(true), value }),
      z.object({ tenant: z.string(), ok: z.literal(false), error: SectionErrorSchema }),
    ]),
  );
}

/**
 * Runs `read` for the requested tenant(s). With `tenant: "*"` one tenant's failure is reported in
 * its place; with one tenant its failure is the tool's own error, hint and wait included.
 */
export async function readTenants<T>(
  tenants: Tenants,
  requested: string | undefined,
  ctx: ToolContext,
  read: (tenant: TenantDefinition, signal: AbortSignal) => Promise<T>,
): Promise<TenantOutcome<T>[]> {
  const targets = tenants.resolve(requested, ctx.principal);
  const [only] = targets;
  if (requested !== ALL_TENANTS && only) {
    return [{ tenant: only.key, ok: true, value: await read(only, ctx.signal) }];
  }
  return fanOut(targets, read, {
    concurrency: tenants.concurrency,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress(done, total),
  });
}
