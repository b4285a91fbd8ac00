#!/usr/bin/env node
// Order matters: decorator metadata API first, then the stdout guard, before any plugin code loads.
// (Side-effect imports keep their place when imports are sorted.)
import './reflect-metadata.js';
import './stdout-guard.js';
import { runCli } from './run.js';
import { realStdout } from './stdout-guard.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => realStdout.write(text),
  protocolStdout: realStdout,
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
});
// `serve` keeps running through its open handles; every other command ends here.
process.exitCode = code;
