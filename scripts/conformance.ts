/**
 * `npm run conformance`: the official MCP conformance suite's server scenarios against the built
 * server over Streamable HTTP, with only the conformance fixture plugin enabled. Known failures are
 * listed, each with its reason, in conformance-baseline.yml; the suite fails on a new failure and on a
 * baseline entry that has started to pass. Exits with the suite's code.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpChild } from './serve-child.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const path = (relative: string) => join(root, relative);

// The suite needs Node 22 (fs.globSync); the project supports Node 20, so borrow 22 for this run only.
const SUITE = [
  '-y',
  'node@22',
  path('node_modules/@modelcontextprotocol/conformance/dist/index.js'),
  'server',
];

const server = await startHttpChild(
  path('dist/src/cli/main.js'),
  path('dist/test/fixtures/conformance.config.js'),
);
let code = 1;
try {
  process.stdout.write(`conformance: server at ${server.url}\n`);
  const suite = spawn(
    'npx',
    [
      ...SUITE,
      '--url',
      server.url,
      '--expected-failures',
      path('conformance-baseline.yml'),
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  const [exitCode] = (await once(suite, 'exit')) as [number | null];
  code = exitCode ?? 1;
  if (code !== 0) process.stderr.write(`conformance: server log:\n${server.stderr()}\n`);
} finally {
  await server.stop();
}
process.exitCode = code;
