import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { GraphClient } from '../../../src/defender/graph.js';
import { DefenderForEndpoint } from '../../../src/defender/mde.js';
import { Tenants } from '../../../src/defender/tenants.js';
import type { XdrHarness } from '../../helpers/xdr-harness.js';

/** The seeded world of one tenant: the emulator's own records, an oracle independent of our clients. */
export function worldOf(xdr: XdrHarness, tenant = 'contoso') {
  const data = xdr.emulator.world.tenant(tenant);
  if (!data) throw new Error(`no tenant ${tenant}`);
  return data;
}

/** The access layer the plugins use, from the kernel's root container (to act as an analyst would). */
export function accessLayer(xdr: XdrHarness) {
  const { container } = xdr.kernel;
  return {
    mde: container.resolve(DefenderForEndpoint),
    graph: container.resolve(GraphClient),
    tenant: (key = 'contoso') => container.resolve(Tenants).get(key),
  };
}

export function ok<T = Record<string, unknown>>(result: CallToolResult): T {
  if (result.isError) throw new Error(`unexpected tool error: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

export function toolError(result: CallToolResult): { code: string; retryAfter?: number; hint?: string } {
  expect(result.isError).toBe(true);
  return result._meta?.['mcp-xdr/error'] as { code: string; retryAfter?: number; hint?: string };
}

export function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export const ENRICHMENT = { enrichment: true };
