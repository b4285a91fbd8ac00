/**
 * Imported by the CLI entry before anything else: on stdio, stdout belongs to JSON-RPC, so a stray
 * `console.log` in any dependency or plugin would corrupt the protocol stream. Console output goes to
 * stderr; commands that print results write to `process.stdout` explicitly.
 */
const toStderr = console.error.bind(console);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;
console.trace = (...args: unknown[]) => toStderr(new Error(args.map(String).join(' ')).stack);
