import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { BrowserContext } from 'playwright-core';
import { approvalConsoleFor } from '../../src/cli/approval-console.js';
import type { TenantData } from '../../src/emulator/data/world.js';
import { createApiKey } from '../../src/kernel/auth/api-keys.js';
import { httpAuthOptions } from '../../src/kernel/auth/http-options.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { startXdr, type XdrHarness } from './xdr-harness.js';

/** The team of the approval tests: who asks, who approves, and one who may do both. */
const ROLES = {
  responder: { maxTier: 'destructive', tenants: '*', mayApprove: false },
  approver: { maxTier: 'read', tenants: '*', mayApprove: true },
  lead: { maxTier: 'destructive', tenants: '*', mayApprove: true },
} as const;
const PRINCIPALS = ['responder', 'approver', 'approver2', 'lead'] as const;
export type TeamName = (typeof PRINCIPALS)[number];

export interface ApprovalStack {
  h: XdrHarness;
  contoso: TenantData;
  server: RunningHttpServer;
  /** `http://127.0.0.1:<port>/approvals` */
  consoleUrl: URL;
  keys: Record<TeamName, string>;
  /** What the server wrote on stderr (one-time login links, console address). */
  stderr(): string;
  /** A real SDK client over HTTP for a principal, WITHOUT elicitation (like Claude Desktop). */
  client(
    name: TeamName,
  ): Promise<{ call(tool: string, args?: Record<string, unknown>): Promise<CallToolResult> }>;
  close(): Promise<void>;
}

/**
 * The devices plugin against the emulator, served over Streamable HTTP with team auth and the
 * approval console on the same listener, exactly as `mcp-xdr serve --transport http` wires it.
 */
export async function startApprovalStack(approval: Record<string, unknown> = {}): Promise<ApprovalStack> {
  const keys = Object.fromEntries(PRINCIPALS.map((name) => [name, createApiKey()])) as Record<
    TeamName,
    ReturnType<typeof createApiKey>
  >;
  const roleOf = (name: TeamName) => (name === 'approver2' ? 'approver' : name);
  const h = await startXdr({
    plugins: { devices: { options: { followSeconds: 3, pollMs: 50, hourlyCap: 100 } } },
    config: {
      policy: { maxTier: 'destructive', approval },
      auth: {
        roles: ROLES,
        apiKeys: PRINCIPALS.map((name) => ({ name, role: roleOf(name), hash: keys[name].hash })),
      },
    },
    emulator: { machineActionTimings: { inProgressAfterMs: 100, completeAfterMs: 300 } },
  });
  let stderr = '';
  const io = {
    stdout: () => undefined,
    stderr: (text: string) => {
      stderr += text;
    },
    protocolStdout: process.stdout,
    cwd: process.cwd(),
    env: {},
  };
  const auth = httpAuthOptions(h.kernel);
  const approvalConsole = await approvalConsoleFor(h.kernel, io, auth);
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    maxBodyBytes: 1_000_000,
    auth,
    createServer: (session) => h.kernel.createServer(session),
    routes: approvalConsole.routes,
  });
  const consoleUrl = new URL('/approvals', server.url);
  await approvalConsole.announce(consoleUrl);
  const clients: Client[] = [];
  return {
    h,
    contoso: h.emulator.world.tenant('contoso') as TenantData,
    server,
    consoleUrl,
    keys: Object.fromEntries(PRINCIPALS.map((name) => [name, keys[name].key])) as Record<TeamName, string>,
    stderr: () => stderr,
    async client(name) {
      const client = new Client({ name: `approvals-${name}`, version: '1.0.0' }, { capabilities: {} });
      await client.connect(
        new StreamableHTTPClientTransport(server.url, {
          requestInit: { headers: { 'X-API-Key': keys[name].key } },
        }),
      );
      clients.push(client);
      return {
        call: async (tool, args = {}) =>
          (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
      };
    },
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await server.close();
      await h.close();
    },
  };
}

/** Preview, confirm with the token: the structured answer (approval_pending for these clients). */
export async function requestApproval(
  client: { call(tool: string, args?: Record<string, unknown>): Promise<CallToolResult> },
  tool: string,
  args: Record<string, unknown>,
): Promise<{ id: string; result: CallToolResult }> {
  const preview = await client.call(tool, args);
  const token = (preview.structuredContent as { confirmation?: { token: string } } | undefined)?.confirmation
    ?.token;
  if (token === undefined) throw new Error(`no token: ${JSON.stringify(preview.content)}`);
  const result = await client.call(tool, { ...args, confirmationToken: token });
  const id = (result.structuredContent as { approval?: { id: string } } | undefined)?.approval?.id;
  if (id === undefined) throw new Error(`not pending: ${JSON.stringify(result.content)}`);
  return { id, result };
}

/**
 * Debian's Chromium driven by playwright-core (its own browser downloads do not work here), with a
 * fresh profile, nothing phoning home, generous timeouts for a busy 2-core CI machine.
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'mcp-xdr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 90_000,
    viewport: { width: 1100, height: 900 },
  });
  context.setDefaultTimeout(60_000);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
