import { createRequire } from 'node:module';

/**
 * `import 'reflect-metadata'`, done with require: the package is CommonJS, and importing it from
 * ESM makes Node scan its 64 KB source for exports it does not have, which cost ~40 ms of CPU at
 * every start (measured on Node 20). The side effect, the Reflect metadata API, is the same.
 * Imported first by the entry point so it runs before tsyringe (which checks for it) loads.
 */
createRequire(import.meta.url)('reflect-metadata');
