import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { type RunningEmulator, startEmulator } from '../../src/emulator/start.js';
import { type NotesTeam, startNotesTeam } from './notes-team.js';

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

export interface EntraTeam extends NotesTeam {
  emulator: RunningEmulator;
}

/** The emulator as Entra, and the notes fixture behind the HTTP transports with `auth.entra` on. */
export async function startEntraTeam(dir: string, auth: Record<string, unknown> = {}): Promise<EntraTeam> {
  const emulator = await startEmulator({ seed: 3 });
  const caFile = join(dir, 'emulator-ca.pem');
  writeFileSync(caFile, emulator.ca);
  const team = await startNotesTeam(dir, {
    roles: TEAM_ROLES,
    entra: entraSection(emulator, caFile),
    failedAuth: { max: 100, windowSeconds: 60 },
    ...auth,
  });
  return {
    ...team,
    emulator,
    async close() {
      await team.close();
      await emulator.stop();
    },
  };
}
