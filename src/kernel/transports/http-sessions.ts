import type { ServerResponse } from 'node:http';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SessionServer } from './session-server.js';

export interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: SessionServer;
  /** The principal that opened it: the only one that may use it. */
  readonly owner: string;
  lastActive: number;
  /** Responses still open (an SSE stream counts as activity for as long as it lasts). */
  openResponses: number;
}

export interface SessionLimits {
  /** New sessions beyond this are refused (503) until others end. */
  readonly maxSessions: number;
  /** A session with no request and no open stream for this long is closed. */
  readonly idleMs: number;
}

/**
 * The open sessions of one HTTP server. Clients that vanish without DELETE would otherwise keep
 * their server, transport and state forever; the cap bounds what a misbehaving local client can hold.
 */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#sessions.size;
  }

  add(id: string, transport: StreamableHTTPServerTransport, server: SessionServer, owner: string): void {
    this.#sessions.set(id, { transport, server, owner, lastActive: this.now(), openResponses: 0 });
  }

  /** The session of `owner`, marked active for as long as `res` stays open. */
  use(id: string, res: ServerResponse, owner: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined || session.owner !== owner) return undefined;
    session.lastActive = this.now();
    session.openResponses += 1;
    res.once('close', () => {
      session.openResponses -= 1;
      session.lastActive = this.now();
    });
    return session;
  }

  /** Forgets a session; true when it was still registered (so its server is closed exactly once). */
  remove(id: string): boolean {
    return this.#sessions.delete(id);
  }

  idle(): Session[] {
    const cutoff = this.now() - this.limits.idleMs;
    return [...this.#sessions.values()].filter((s) => s.openResponses === 0 && s.lastActive < cutoff);
  }

  /** Every session, forgotten: for shutdown. */
  drain(): Session[] {
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    return all;
  }
}
