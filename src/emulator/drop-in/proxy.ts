import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { isMicrosoftHost } from './hosts.js';

/**
 * The drop-in mode's HTTPS proxy (`HTTPS_PROXY`) on 127.0.0.1: a `CONNECT` to one of Microsoft's host
 * names on 443, or to the emulator itself, is tunnelled to the emulator; anything else is refused with
 * 403 before any connection is made, so nothing ever reaches a real host (no name is even resolved).
 * Plain-HTTP proxying is refused too: Microsoft's APIs are HTTPS only.
 */

export interface ProxyConnection {
  /** `host:port` as the client asked for it. */
  target: string;
  allowed: boolean;
}

export interface DropInProxy {
  url: string;
  /** Every CONNECT seen, in order: the record tests check. */
  readonly connections: readonly ProxyConnection[];
  close(): Promise<void>;
}

/** `host:port` of a CONNECT line; IPv6 literals in brackets. */
function parseTarget(target: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(target);
  if (!match?.[1] || !match[2]) return undefined;
  return { host: match[1].replace(/^\[|\]$/g, '').toLowerCase(), port: Number(match[2]) };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function refuse(socket: Socket, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

export async function startDropInProxy(emulatorPort: number): Promise<DropInProxy> {
  const connections: ProxyConnection[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((_req, res) => {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('This proxy only tunnels HTTPS (CONNECT).\n');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    const parsed = parseTarget(target);
    const allowed =
      parsed !== undefined &&
      ((parsed.port === 443 && isMicrosoftHost(parsed.host)) ||
        (parsed.port === emulatorPort && LOOPBACK.has(parsed.host)));
    connections.push({ target, allowed });
    if (!allowed) {
      refuse(client, '403 Forbidden');
      return;
    }
    const upstream = connect(emulatorPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
