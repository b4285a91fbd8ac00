import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { XdrHarness } from '../../helpers/xdr-harness.js';

export interface TenantHunt {
  tenant: string;
  ok: boolean;
  schema?: { name: string; type: string }[];
  rows?: Record<string, unknown>[];
  rowCount?: number;
  totalRows?: number;
  truncated?: boolean;
  error?: { code: string; message: string; retryAfter?: number };
}

export interface HuntOutput {
  results: TenantHunt[];
  truncated: boolean;
  hint?: string;
  nextSteps: { tool: string }[];
}

export const hunt = (result: CallToolResult) => result.structuredContent as unknown as HuntOutput;
export const errorOf = (result: CallToolResult) =>
  result._meta?.['mcp-xdr/error'] as { code: string; retryAfter?: number; hint?: string } | undefined;
export const textOf = (result: CallToolResult) =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Hunting requests the emulator answered (any tenant, any status). */
export function huntingRequests(xdr: XdrHarness): number {
  return xdr.emulator.control.counters
    .snapshot()
    .requests.filter((r) => r.route.toLowerCase().includes('runhuntingquery'))
    .reduce((sum, r) => sum + r.count, 0);
}

/** The rows of one seeded table of a tenant, straight from the emulator's world (not through KQL). */
export function worldRows(xdr: XdrHarness, tenant: string, table: string): Record<string, unknown>[] {
  const data = xdr.emulator.world.tenants.find((t) => t.key === tenant);
  const rows = data?.hunting.table(table)?.rows();
  if (!rows) throw new Error(`no table ${table} for ${tenant}`);
  return [...rows];
}

const DAY = 86_400_000;

/** A fixed window well inside hunting's 30 days: [start of today - 10 d, start of today - 1 d]. */
export function fixedWindow(xdr: XdrHarness): { from: number; to: number } {
  const today = Math.floor(xdr.emulator.control.clock.now() / DAY) * DAY;
  return { from: today - 10 * DAY, to: today - DAY };
}

export const iso = (ms: number) => new Date(ms).toISOString();
