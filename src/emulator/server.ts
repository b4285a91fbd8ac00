import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { CONTROL_PREFIX, type EmulatorControl, handleControlRequest } from './control.js';
import { type DispatchDeps, dispatch } from './dispatch.js';
import { resetConnection, writeResponse } from './respond.js';
import type { TlsMaterial } from './tls.js';

/** Request bodies above this are refused (413) before any handler sees them. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface EmulatorServer {
  server: Server;
  /** Resolves to the bound port. */
  listen(port: number): Promise<number>;
  close(): Promise<void>;
}

type BodyRead = { body: Buffer } | { refused: 'tooLarge' | 'aborted' };

function readBody(req: IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve({ refused: 'tooLarge' });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks) }));
    // The client went away mid-body: nobody is left to answer (resolving twice is a no-op).
    req.on('close', () => resolve({ refused: 'aborted' }));
    req.on('error', () => resolve({ refused: 'aborted' }));
  });
}

/** One HTTPS server on 127.0.0.1 for login, Graph, MDE, managed identity and control. */
export function createEmulatorServer(
  tls: TlsMaterial,
  deps: Omit<DispatchDeps, 'signal'>,
  control: EmulatorControl,
): EmulatorServer {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const stopping = new AbortController();
  const fullDeps: DispatchDeps = { ...deps, signal: stopping.signal };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readBody(req);
    if ('refused' in read) {
      if (read.refused === 'aborted') return;
      writeResponse(res, {
        status: 413,
        body: { error: { code: 'RequestEntityTooLarge', message: 'Request body too large.' } },
      });
      return;
    }
    const body = read.body;
    const origin = `https://${req.headers.host ?? '127.0.0.1'}`;
    const url = new URL(req.url ?? '/', origin);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const response = await handleControlRequest(control, {
        method,
        path: url.pathname,
        headers: req.headers,
        body,
      });
      writeResponse(res, response);
      return;
    }
    const outcome = await dispatch(fullDeps, { method, url, headers: req.headers, body, origin });
    if ('reset' in outcome) {
      resetConnection(res);
      return;
    }
    writeResponse(res, outcome.response, {
      fault: outcome.fault,
      schedule: (finish, ms) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          finish();
        }, ms);
        timers.add(timer);
      },
    });
  }

  const server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (stopping.signal.aborted) return;
      // A handler bug must surface in the test that caused it, not hang the client.
      process.stderr.write(
        `mcp-xdr emulator: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      if (!res.headersSent) {
        writeResponse(res, {
          status: 500,
          body: { error: { code: 'InternalServerError', message: 'Emulator internal error.' } },
        });
      } else {
        res.destroy();
      }
    });
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    server,
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        stopping.abort();
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
