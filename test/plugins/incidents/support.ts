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
