import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { SessionServerFactory } from './session-server.js';

export interface RunningStdioServer {
  /** Resolves when the client closes stdin or `close()` is called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * One server for the one client on the other end of stdin/stdout. stdout carries JSON-RPC only:
 * the CLI entry redirects console output to stderr before anything else loads.
 */
export async function startStdioServer(
  createServer: SessionServerFactory,
  streams: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream } = {},
): Promise<RunningStdioServer> {
  const stdin = (streams.stdin ?? process.stdin) as NodeJS.ReadStream;
  const stdout = (streams.stdout ?? process.stdout) as NodeJS.WriteStream;
  const server = await createServer({});
  const transport = new StdioServerTransport(stdin, stdout);
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  transport.onclose = () => markClosed();
  await server.connect(transport);
  // The SDK transport does not notice end of input; a client that exits must end the server.
  const onEnd = () => void server.close();
  stdin.once('end', onEnd);
  return {
    closed,
    close: async () => {
      stdin.off('end', onEnd);
      await server.close();
    },
  };
}
