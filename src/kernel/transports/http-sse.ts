import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { Principal } from '../types.js';
import type { SessionServer, SessionServerFactory } from './session-server.js';

/** The older HTTP+SSE transport (protocol 2024-11-05): a GET stream and a POST endpoint. */
export const SSE_PATH = '/sse';
export const SSE_MESSAGES_PATH = '/messages';

interface SseSession {
  readonly transport: SSEServerTransport;
  readonly server: SessionServer;
  readonly owner: string;
}

export interface LegacySseOptions {
  readonly createServer: SessionServerFactory;
  /** True when no further session may open (shared with the Streamable HTTP sessions). */
  readonly full: () => boolean;
  /** The parsed POST body, or undefined after answering 400/413. */
  readonly readJson: (req: IncomingMessage, res: ServerResponse) => Promise<{ body: unknown } | undefined>;
  /** False after answering 403 for a tool the principal's role withholds. */
  readonly allowsBody: (principal: Principal, body: unknown, res: ServerResponse) => boolean;
  readonly sendError: (res: ServerResponse, status: number, message: string) => void;
}

export interface LegacySse {
  handles(path: string): boolean;
  /** Serves an authenticated request to /sse or /messages. */
  handle(path: string, req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void>;
  readonly size: number;
  close(): Promise<void>;
}

/**
 * HTTP+SSE for clients configured with `"type": "sse"` (VS Code, the older response server's users):
 * same authentication, policy and roles as /mcp, and a session belongs to the principal that opened
 * its stream: anyone else posting to it gets 404, as for a session that does not exist.
 */
export function createLegacySse(options: LegacySseOptions): LegacySse {
  const sessions = new Map<string, SseSession>();

  async function open(res: ServerResponse, principal: Principal): Promise<void> {
    if (options.full()) {
      res.setHeader('Retry-After', '60');
      options.sendError(res, 503, 'Too many open sessions: retry later');
      return;
    }
    const transport = new SSEServerTransport(SSE_MESSAGES_PATH, res);
    const server = await options.createServer({ sessionId: transport.sessionId, principal });
    sessions.set(transport.sessionId, { transport, server, owner: principal.id });
    transport.onclose = () => {
      if (sessions.delete(transport.sessionId)) void server.close();
    };
    // The stream ends when the client goes away; so does the session.
    res.once('close', () => void transport.close());
    await server.connect(transport);
  }

  async function post(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    const id = new URL(req.url ?? '/', 'http://placeholder').searchParams.get('sessionId') ?? '';
    const session = sessions.get(id);
    if (session === undefined || session.owner !== principal.id) {
      options.sendError(res, 404, 'Session not found');
      return;
    }
    const read = await options.readJson(req, res);
    if (read === undefined || !options.allowsBody(principal, read.body, res)) return;
    await session.transport.handlePostMessage(req, res, read.body);
  }

  return {
    handles: (path) => path === SSE_PATH || path === SSE_MESSAGES_PATH,
    async handle(path, req, res, principal) {
      if (path === SSE_PATH && req.method === 'GET') return open(res, principal);
      if (path === SSE_MESSAGES_PATH && req.method === 'POST') return post(req, res, principal);
      res.setHeader('Allow', path === SSE_PATH ? 'GET' : 'POST');
      options.sendError(res, 405, 'Method not allowed');
    },
    get size() {
      return sessions.size;
    },
    async close() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(
        open.map(async ({ transport, server }) => {
          await transport.close();
          await server.close();
        }),
      );
    },
  };
}
