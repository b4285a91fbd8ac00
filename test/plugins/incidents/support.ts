import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Alert, Incident } from '../../../src/emulator/data/model.js';
import type { TenantData } from '../../../src/emulator/data/world.js';
import type { XdrHarness } from '../../helpers/xdr-harness.js';

/** Reading results, and the emulator's own records as the oracle (never the tool's output). */

export const textOf = (result: CallToolResult): string =>
  result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

export function structured<T>(result: CallToolResult): T {
  if (result.isError) throw new Error(`tool failed: ${textOf(result)}`);
  return result.structuredContent as T;
}

export function errorOf(result: CallToolResult): { code: string; retryAfter?: number; hint?: string } {
  if (!result.isError) throw new Error('expected an error result');
  return result._meta?.['mcp-xdr/error'] as { code: string; retryAfter?: number; hint?: string };
}

export function world(xdr: XdrHarness, tenant = 'contoso'): TenantData {
  const data = xdr.emulator.world.tenant(tenant);
  if (!data) throw new Error(`no emulator tenant ${tenant}`);
  return data;
}

export const alertsOf = (data: TenantData, incidentId: string): Alert[] =>
  data.alerts.filter((a) => a.incidentId === incidentId);

/** What list_incidents should say about an incident, computed from the emulator's record. */
export function expectedIncident(data: TenantData, i: Incident) {
  return {
    id: i.id,
    title: i.displayName,
    severity: i.severity,
    status: i.status,
    ...(i.assignedTo ? { owner: i.assignedTo } : {}),
    classification: i.classification,
    determination: i.determination,
    alertCount: alertsOf(data, i.id).length,
    created: i.createdDateTime,
    updated: i.lastUpdateDateTime,
    webUrl: i.incidentWebUrl,
  };
}

type Item = Record<string, unknown> & { id: string };

export interface TenantEntry {
  tenant: string;
  ok: boolean;
  incidents?: Item[];
  alerts?: Item[];
  nextCursor?: string;
  error?: { code: string; message: string; retryAfter?: number };
}

export interface NextStepOut {
  tool: string;
  why: string;
  args?: Record<string, unknown>;
}

export type ListOutput = { results: TenantEntry[]; next: NextStepOut[] };

/** The structured content of a write tool's preview phase. */
export interface PreviewOut {
  phase: 'preview';
  preview: {
    summary: string;
    changes: { target: string; field?: string; from?: unknown; to?: unknown }[];
    warnings?: string[];
    basis?: {
      targets: Record<string, { version: string; state?: Record<string, unknown> }>;
      onStale?: string;
    };
  };
  confirmation: { token: string; expiresAt: string };
}

/** Previews a write tool's call; `confirm()` repeats it with the token it returned. */
export async function preview(xdr: XdrHarness, tool: string, args: Record<string, unknown>) {
  const result = await xdr.call(tool, args);
  const out = structured<PreviewOut>(result);
  return {
    result,
    out,
    text: textOf(result),
    confirm: () => xdr.call(tool, { ...args, confirmationToken: out.confirmation.token }),
  };
}

/** Requests the emulator served on one route (`PATCH /v1.0/security/incidents/:id`) for contoso. */
export const served = (xdr: XdrHarness, route: string) =>
  xdr.emulator.control.counters.requests({ tenant: 'contoso', route });
