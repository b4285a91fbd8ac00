import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Machine } from '../../../src/emulator/data/model.js';
import type { TenantData } from '../../../src/emulator/data/world.js';
import { roomFor } from '../../helpers/rates.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';

export type Answer = { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, boolean> };

/** The whole stack with the devices plugin at maxTier destructive, fast machine actions, and a client that elicits. */
export async function startDevices(options: Record<string, unknown> = {}) {
  const h: XdrHarness = await startXdr({
    plugins: { devices: { options: { followSeconds: 3, pollMs: 50, hourlyCap: 100, ...options } } },
    config: {
      policy: {
        maxTier: 'destructive',
        rateLimits: { tools: roomFor('isolate_device', 'run_av_scan', 'release_device', 'isolate_devices') },
      },
    },
    emulator: { machineActionTimings: { inProgressAfterMs: 100, completeAfterMs: 300 } },
    capabilities: { elicitation: { form: {} } },
  });
  const forms: string[] = [];
  const approval: { answer: Answer; during?: () => void } = {
    answer: { action: 'accept', content: { approve: true } },
  };
  h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    forms.push(request.params.message);
    approval.during?.();
    return approval.answer;
  });
  const contoso = h.emulator.world.tenant('contoso') as TenantData;
  return { h, forms, approval, contoso };
}

export const errorOf = (r: CallToolResult) =>
  (r._meta?.['mcp-xdr/error'] ?? {}) as { code?: string; retryAfter?: number; hint?: string };

export const tokenOf = (r: CallToolResult) =>
  (r.structuredContent as { confirmation?: { token: string } } | undefined)?.confirmation?.token;

export const resultOf = <T = Record<string, unknown>>(r: CallToolResult) =>
  (r.structuredContent as { result?: T } | undefined)?.result as T;

export const textOf = (r: CallToolResult) =>
  r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/** Preview, then the call with the preview's token (same arguments). */
export async function previewAndRun(client: Client, name: string, args: Record<string, unknown>) {
  const preview = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const token = tokenOf(preview);
  if (!token) throw new Error(`no token: ${textOf(preview)}`);
  const run = (await client.callTool({
    name,
    arguments: { ...args, confirmationToken: token },
  })) as CallToolResult;
  return { preview, token, run };
}

/** Workstations that are not domain controllers, healthy, in seed order (each test takes its own). */
export function workstations(tenant: TenantData): Machine[] {
  return tenant.machines.filter(
    (m) =>
      m.rbacGroupName !== 'Domain Controllers' &&
      !m.osPlatform.startsWith('WindowsServer') &&
      m.healthStatus === 'Active' &&
      tenant.machineActions.isolation(m.id) === null,
  );
}

/** What the emulator recorded for a machine after `since` (the oracle). */
export function actionsSince(tenant: TenantData, machineId: string, since: number) {
  return tenant.machineActions
    .list()
    .filter((a) => a.machineId === machineId && Date.parse(a.creationDateTimeUtc) >= since);
}
