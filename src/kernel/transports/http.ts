import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { ConfigError } from '../errors.js';
import type { Principal } from '../types.js';
import { createHttpAuthGate, type HttpAuthGate, type HttpAuthOptions } from './http-auth.js';
import { BodyTooLargeError, readBody } from './http-body.js';
import { buildHostPolicy, checkHeaders, type HostPolicy, isLoopbackHost } from './http-guards.js';
import type { HttpRoutes } from './http-routes.js';
import { type Session, SessionRegistry } from './http-sessions.js';
import { createLegacySse } from './http-sse.js';
import type { SessionServerFactory } from './session-server.js';

export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/healthz';

export interface HttpTransportOptions {
  host: string;
  /** 0 picks a free port (tests, conformance). */
  port: number;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  /** Open sessions at most; default 256. */
  maxSessions?: number;
  /** Close a session after this long without a request or an open stream; default 30 minutes. */
  sessionIdleMs?: number;
  /** A new server per client session. */
  createServer: SessionServerFactory;
  /** Inbound authentication; without it the server is loopback-only and every client is `anonymous`. */
  auth?: HttpAuthOptions | undefined;
  /** The principal of every client when `auth` is off. */
  anonymous?: Principal;
  /** Prefixes every session id (`<replicaId>.<uuid>`) so a load balancer can route a session to its replica. */
  replicaId?: string | undefined;
  /** Direct TLS from PEM files. */
  tls?: { certFile: string; keyFile: string } | undefined;
  /** Operational messages (stderr in the CLI); never request bodies. */
  log?: (message: string) => void;
  /** Routes beside /mcp (the approval console), after the Host and Origin checks. */
  routes?: HttpRoutes | undefined;
}

export interface RunningHttpServer {
  readonly host: string;
  readonly port: number;
  /** `http(s)://host:port/mcp` */
  readonly url: URL;
  /** Sessions currently open. */
  sessionCount(): number;
  /** Closes every session, then stops listening. */
  close(): Promise<void>;
}

const ANONYMOUS: Principal = { id: 'local', kind: 'http', displayName: 'loopback HTTP client' };

/**
 * Streamable HTTP on node:http(s) (and the older HTTP+SSE at /sse, /messages), one SDK server + transport per session, each owned by the
 * principal that opened it. Without inbound authentication anyone who can reach the port could drive
 * the tools, so a non-loopback bind without `auth` is a configuration error, not a warning.
 */
export async function startHttpServer(options: HttpTransportOptions): Promise<RunningHttpServer> {
  if (!isLoopbackHost(options.host) && options.auth === undefined) {
    throw new ConfigError(
      `server.http.host: refusing to listen on ${options.host}: without inbound authentication (auth.apiKeys or auth.entra) only loopback addresses (127.0.0.1, ::1, localhost) are allowed`,
    );
  }
  const limits = { maxSessions: options.maxSessions ?? 256, idleMs: options.sessionIdleMs ?? 30 * 60_000 };
  const sessions = new SessionRegistry(limits);
  const log = options.log ?? (() => {});
  let policy: HostPolicy | undefined;
  let url: URL | undefined;
  const gate: HttpAuthGate | undefined =
    options.auth === undefined ? undefined : createHttpAuthGate(options.auth, () => url as URL);
  const anonymous = options.anonymous ?? ANONYMOUS;
  const full = () => sessions.size + sse.size >= limits.maxSessions;
  const sse = createLegacySse({
    createServer: options.createServer,
    full,
    readJson,
    allowsBody: (principal, body, res) => gate === undefined || gate.allowsBody(principal, body, res),
    sendError: (res, status, message) => sendJsonRpcError(res, status, -32000, message),
  });

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      log(`http: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal server error');
      else res.end();
    });
  };
  const httpServer: Server =
    options.tls === undefined
      ? createServer(listener)
      : createTlsServer(
          { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
          listener,
        );

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (sse.handles(path)) return serveSse(path, req, res);
    if (path === HEALTH_PATH && req.method === 'GET') {
      // Carries nothing worth rebinding for; load balancers probe with their own Host.
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (gate?.serveMetadata(path, res)) return;
    if (options.routes?.owns(path)) {
      const refused = checkHeaders(policy!, { host: req.headers.host, origin: req.headers.origin });
      if (refused === undefined) await options.routes.handle(req, res);
      else sendJsonRpcError(res, 403, -32000, `Forbidden: ${refused}`);
      return;
    }
    if (path !== MCP_PATH) {
      sendJsonRpcError(res, 404, -32000, 'Not found');
      return;
    }
    const principal = await admitted(req, res);
    if (principal === undefined) return;
    if (req.method === 'POST') return handlePost(req, res, principal);
    if (req.method === 'GET' || req.method === 'DELETE') {
      const session = findSession(req, res, principal);
      if (session !== undefined) await session.transport.handleRequest(req, res);
      return;
    }
    res.setHeader('Allow', 'GET, POST, DELETE');
    sendJsonRpcError(res, 405, -32000, 'Method not allowed');
  }

  /** The request's principal after the DNS-rebinding checks and authentication; undefined once answered. */
  async function admitted(req: IncomingMessage, res: ServerResponse): Promise<Principal | undefined> {
    const refusal = checkHeaders(policy!, { host: req.headers.host, origin: req.headers.origin });
    if (refusal !== undefined) {
      sendJsonRpcError(res, 403, -32000, `Forbidden: ${refusal}`);
      return undefined;
    }
    return gate === undefined ? anonymous : gate.admit(req, res);
  }

  async function serveSse(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const principal = await admitted(req, res);
    if (principal !== undefined) await sse.handle(path, req, res, principal);
  }

  async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined> {
    try {
      const raw = await readBody(req, options.maxBodyBytes);
      return { body: JSON.parse(raw.toString('utf8')) };
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        res.setHeader('Connection', 'close');
        sendJsonRpcError(res, 413, -32000, `Payload too large: ${error.message}`);
        return undefined;
      }
      sendJsonRpcError(res, 400, -32700, 'Parse error: body is not valid JSON');
      return undefined;
    }
  }

  async function handlePost(req: IncomingMessage, res: ServerResponse, principal: Principal): Promise<void> {
    const read = await readJson(req, res);
    if (read === undefined) return;
    const { body } = read;
    if (gate !== undefined && !gate.allowsBody(principal, body, res)) return;
    if (req.headers['mcp-session-id'] !== undefined) {
      const session = findSession(req, res, principal);
      if (session === undefined) return;
      cancelOnDisconnect(session, body, res);
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (!isInitializeRequest(body)) {
      sendJsonRpcError(res, 400, -32000, 'Bad request: no Mcp-Session-Id and not an initialize request');
      return;
    }
    if (full()) {
      res.setHeader('Retry-After', '60');
      sendJsonRpcError(res, 503, -32000, 'Too many open sessions: close one (DELETE) or retry later');
      return;
    }
    await openSession(req, res, body, principal);
  }

  async function openSession(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    principal: Principal,
  ): Promise<void> {
    // The id is chosen before the server exists, so the server (and its audit records) know it.
    const sessionId = options.replicaId === undefined ? randomUUID() : `${options.replicaId}.${randomUUID()}`;
    const server = await options.createServer({ sessionId, principal });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      onsessioninitialized: (id) => sessions.add(id, transport, server, principal.id),
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id !== undefined && sessions.remove(id)) void server.close();
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  function findSession(req: IncomingMessage, res: ServerResponse, principal: Principal): Session | undefined {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string' || id === '') {
      sendJsonRpcError(res, 400, -32000, 'Bad request: Mcp-Session-Id header required');
      return undefined;
    }
    // Another principal's session answers exactly as a missing one: its id proves nothing. A session
    // of a replica that is gone lands here too: per MCP, the client opens a new one on 404.
    const session = sessions.use(id, res, principal.id);
    if (session === undefined) {
      sendJsonRpcError(res, 404, -32001, 'Session not found: send initialize to open a new session');
    }
    return session;
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  // Closing the transport ends the session through its onclose, as a DELETE would.
  const sweep = setInterval(
    () => {
      for (const session of sessions.idle()) void session.transport.close();
    },
    Math.min(60_000, Math.max(10, limits.idleMs / 2)),
  ).unref();
  policy = buildHostPolicy({ host: options.host, port }, options);
  const scheme = options.tls === undefined ? 'http' : 'https';
  url = new URL(`${scheme}://${policy.hosts.values().next().value}${MCP_PATH}`);

  return {
    host: options.host,
    port,
    url,
    sessionCount: () => sessions.size + sse.size,
    close: async () => {
      clearInterval(sweep);
      await sse.close();
      return closeAll(httpServer, sessions.drain());
    },
  };
}

async function closeAll(httpServer: Server, open: readonly Session[]): Promise<void> {
  await Promise.allSettled(
    open.map(async ({ transport, server }) => {
      await transport.close();
      await server.close();
    }),
  );
  await new Promise<void>((resolve) => {
    httpServer.close(() => resolve());
    // Idle keep-alive sockets would hold close() open; the sessions above are already gone.
    httpServer.closeAllConnections();
  });
}

/**
 * A client that goes away (its connection closes before the answer was sent) no longer wants its
 * calls: each request of the POST is cancelled as if the client had sent `notifications/cancelled`,
 * so the tool's signal aborts, retries stop, and the audit says `cancelled` rather than `ok`.
 */
function cancelOnDisconnect(session: Session, body: unknown, res: ServerResponse): void {
  const ids = (Array.isArray(body) ? body : [body]).flatMap((message: unknown) => {
    const { id, method } = (message ?? {}) as { id?: unknown; method?: unknown };
    return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number') ? [id] : [];
  });
  if (ids.length === 0) return;
  res.once('close', () => {
    if (res.writableFinished) return;
    for (const requestId of ids) {
      session.transport.onmessage?.({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId, reason: 'the client disconnected' },
      });
    }
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}
