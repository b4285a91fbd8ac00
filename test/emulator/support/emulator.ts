import type { Agent } from 'undici';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import type { EmulatorApp, EmulatorTenant } from '../../../src/emulator/start.js';
import { call } from './client.js';

export function tenantOf(emulator: RunningEmulator, key: string): EmulatorTenant {
  const tenant = emulator.tenants.find((t) => t.key === key);
  if (!tenant) throw new Error(`no tenant ${key}`);
  return tenant;
}

export function appOf(emulator: RunningEmulator, key: string, name: 'full' | 'readonly'): EmulatorApp {
  const app = tenantOf(emulator, key).apps.find((a) => a.name === name);
  if (!app) throw new Error(`no app ${key}/${name}`);
  return app;
}

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
export const MDE_SCOPE = 'https://api.securitycenter.microsoft.com/.default';

/** A token by client secret over plain HTTPS (MSAL is proven in token-msal.test.ts). */
export async function tokenFor(
  emulator: RunningEmulator,
  agent: Agent,
  key: string,
  app: 'full' | 'readonly',
  scope: string,
): Promise<string> {
  const tenant = tenantOf(emulator, key);
  const registration = appOf(emulator, key, app);
  const response = await call(agent, `${emulator.urls.login}/${tenant.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: registration.clientId,
      client_secret: registration.secret,
      scope,
    }).toString(),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
  return (response.json() as { access_token: string }).access_token;
}
