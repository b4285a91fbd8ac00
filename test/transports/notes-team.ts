import { join } from 'node:path';
import { createApiKey } from '../../src/kernel/auth/api-keys.js';
import { httpAuthOptions } from '../../src/kernel/auth/http-options.js';
import type { Kernel } from '../../src/kernel/kernel.js';
import { type RunningHttpServer, startHttpServer } from '../../src/kernel/transports/http.js';
import { fixtureKernel } from '../helpers/kernel-client.js';

/** Two keys: `rita` (reader, read tier) and `rob` (responder, write tier). */
export const reader = createApiKey();
export const responder = createApiKey();

export interface NotesTeam {
  kernel: Kernel;
  server: RunningHttpServer;
  audit: string;
  close(): Promise<void>;
}

/** The API-key `auth` section of these tests; `overrides` replace parts of it. */
export function keyAuth(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    roles: { reader: { maxTier: 'read' }, responder: { maxTier: 'write' } },
    apiKeys: [
      { name: 'rita', role: 'reader', hash: reader.hash },
      { name: 'rob', role: 'responder', hash: responder.hash },
    ],
    failedAuth: { max: 3, windowSeconds: 60 },
    ...overrides,
  };
}

/** The notes fixture (list_notes: read, add_note: write) behind the HTTP transports, with this `auth`. */
export async function startNotesTeam(
  dir: string,
  auth: Record<string, unknown>,
  http: Record<string, unknown> = {},
): Promise<NotesTeam> {
  const audit = join(dir, `audit-${Math.random()}.jsonl`);
  const kernel = await fixtureKernel({
    plugins: { './plugins/notes': true },
    policy: { maxTier: 'destructive' },
    audit: { stderr: false, file: audit },
    server: { transport: 'http', http: { ...http, port: 0 } },
    auth,
  });
  const server = await startHttpServer({
    ...kernel.config.server.http,
    auth: httpAuthOptions(kernel),
    createServer: ({ sessionId, principal }) => kernel.createServer({ sessionId, principal }),
  });
  return {
    kernel,
    server,
    audit,
    async close() {
      await server.close();
      await kernel.close();
    },
  };
}
