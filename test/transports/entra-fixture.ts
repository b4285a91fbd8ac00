import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { httpAuthOptions } from '../../src/kernel/auth/http-options.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { fixtureKernel } from '../helpers/kernel-client.js';

/**
 * fetch that trusts the emulator's CA for the emulator's URLs (the SDK's OAuth client takes it as
 * `fetch`); other URLs (the MCP server, with its SSE streams) go through the global fetch. Answers
 * are global Responses: the SDK checks `instanceof Response`.
 */
export function fetchTrustingEmulator(emulator: RunningEmulator): typeof fetch {
  const dispatcher = new Agent({ connect: { ca: emulator.ca } });
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const href = url instanceof Request ? url.url : String(url);
    if (!href.startsWith(emulator.urls.login)) return fetch(url, init);
    const response = await undiciFetch(href, { ...(init as object), dispatcher } as never);
    const body = [204, 304].includes(response.status) ? null : await response.arrayBuffer();
    return new Response(body, { status: response.status, headers: Object.fromEntries(response.headers) });
  }) as typeof fetch;
}

/** The `auth.entra` section a deployment would write for the emulator's registration of this server. */
export function entraSection(emulator: RunningEmulator, caFile: string, extra: Record<string, unknown> = {}) {
  const { entra } = emulator;
  return {
    authority: emulator.urls.login,
    tenants: [entra.tenant.tenantId],
    audience: [entra.server.clientId],
    appRoles: { 'Mcp.Reader': 'reader', 'Mcp.Responder': 'responder', 'Mcp.Approver': 'approver' },
    groups: { [entra.groups.responders]: 'responder' },
    scopes: [`api://${entra.server.clientId}/access_as_user`],
    caFile,
    jwksCooldownSeconds: 1,
    ...extra,
  };
}

export const TEAM_ROLES = {
  reader: { maxTier: 'read' },
  responder: { maxTier: 'write' },
  approver: { maxTier: 'read', mayApprove: true },
};

export interface EntraTeam {
  emulator: RunningEmulator;
  kernel: Kernel;
  server: RunningHttpServer;
  audit: string;
  close(): Promise<void>;
}

/** The emulator as Entra, and the notes fixture behind Streamable HTTP with `auth.entra` on. */
export async function startEntraTeam(dir: string, auth: Record<string, unknown> = {}): Promise<EntraTeam> {
  const emulator = await startEmulator({ seed: 3 });
  const caFile = join(dir, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.ca);
  const audit = join(dir, `audit-${Math.random()}.jsonl`);
  const kernel = await fixtureKernel({
    plugins: { './plugins/notes': true },
    policy: { maxTier: 'destructive' },
    audit: { stderr: false, file: audit },
    auth: {
      roles: TEAM_ROLES,
      entra: entraSection(emulator, caFile),
      failedAuth: { max: 100, windowSeconds: 60 },
      ...auth,
    },
  });
  const server = await startHttpServer({
    ...kernel.config.server.http,
    port: 0,
    auth: httpAuthOptions(kernel),
    createServer: ({ sessionId, principal }) => kernel.createServer({ sessionId, principal }),
  });
  return {
    emulator,
    kernel,
    server,
    audit,
    async close() {
      await server.close();
      await kernel.close();
      await emulator.stop();
    },
  };
}
