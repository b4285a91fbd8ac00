/**
 * What every server in the bench serves, whatever its framework: the measured tool (no input, one
 * line of text, as test_simple_text) and the others of the deployment under test. Tools named
 * `bench_tool_*` (the scaling fixture) take an optional `limit`, as that fixture's tools do.
 * Usage of a server: `<server> [--http] <tool names...>`; `--http` serves Streamable HTTP on a
 * loopback port (printed to stderr as `listening on URL`) instead of stdio.
 */
export const SIMPLE_TEXT = 'This is a simple text response for testing.';
export const LIMIT_DESCRIPTION = 'How many items to return.';

export interface PeerArgs {
  readonly http: boolean;
  readonly tools: readonly { readonly name: string; readonly takesLimit: boolean }[];
}

export function peerArgs(argv: readonly string[]): PeerArgs {
  const http = argv.includes('--http');
  const names = argv.filter((arg) => arg !== '--http');
  if (names.length === 0) {
    process.stderr.write('usage: <server> [--http] <tool names...>\n');
    process.exit(2);
  }
  return { http, tools: names.map((name) => ({ name, takesLimit: name.startsWith('bench_tool_') })) };
}

/** Told once the HTTP server listens: the bench reads the URL from this line. */
export function announce(url: string): void {
  process.stderr.write(`listening on ${url}\n`);
}
