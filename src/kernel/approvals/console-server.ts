import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildHostPolicy, checkHeaders } from '../transports/http-guards.js';
import type { HttpRoutes } from '../transports/http-routes.js';
import { CONSOLE_PATH } from './approvals.js';

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/approvals` */
  readonly url: URL;
  close(): Promise<void>;
}

/**
 * The approval console on a loopback listener of its own, for servers without an HTTP listener
 * (stdio). Loopback only, Host and Origin checked like the MCP listener's (DNS rebinding).
 */
export async function startConsoleServer(
  routes: HttpRoutes,
  port: number,
  log: (m: string) => void,
): Promise<RunningConsole> {
  const host = '127.0.0.1';
  let policy: ReturnType<typeof buildHostPolicy> | undefined;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    const refused = checkHeaders(policy!, { host: req.headers.host, origin: req.headers.origin });
    if (refused !== undefined || !routes.owns(path)) {
      res
        .writeHead(refused === undefined ? 404 : 403, { 'Content-Type': 'text/plain' })
        .end(refused ?? 'Not found');
      return;
    }
    routes.handle(req, res).catch((error: unknown) => {
      log(`approval console: request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  policy = buildHostPolicy({ host, port: bound }, { allowedHosts: [], allowedOrigins: [] });
  return {
    url: new URL(`http://${host}:${bound}${CONSOLE_PATH}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
