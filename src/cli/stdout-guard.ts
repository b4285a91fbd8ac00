import { Writable } from 'node:stream';

/**
 * Imported by the CLI entry before anything else. On stdio, stdout belongs to JSON-RPC: a stray
 * `console.log` or `process.stdout.write` in any dependency, plugin or config file would corrupt the
 * protocol stream. So everything written to `process.stdout` goes to stderr from here on, and only
 * holders of `realStdout` (the stdio transport, command results) reach the real stdout.
 */
function claimStdout(): Writable {
  const write = process.stdout.write.bind(process.stdout);
  const real = new Writable({
    // Strings pass through as they are (every protocol message is one): no Buffer copy per message.
    decodeStrings: false,
    write(chunk: Buffer | string, encoding, callback) {
      write(chunk, encoding, (error) => callback(error ?? null));
    },
  });
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const toStderr = console.error.bind(console);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.trace = (...args: unknown[]) => toStderr(new Error(args.map(String).join(' ')).stack);
  return real;
}

export const realStdout: Writable = claimStdout();
