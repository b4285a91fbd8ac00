import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Principal } from '../types.js';

/**
 * What a transport needs from a server: the SDK's `McpServer` and low-level `Server` both fit.
 * One instance serves exactly one client (the SDK throws on reuse since 1.26: CVE-2026-25536).
 */
export interface SessionServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

/** Builds a fresh server for one client session (stdio: the one process-wide client, no id). */
export type SessionServerFactory = (session: {
  sessionId?: string;
  /** The authenticated principal (HTTP); undefined on stdio. */
  principal?: Principal;
}) => SessionServer | Promise<SessionServer>;
