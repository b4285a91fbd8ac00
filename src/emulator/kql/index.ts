/** The emulator's KQL engine: `createRoutes(world, { engine: new KqlEngine() })` serves it on both hunting APIs. */
export { DEFAULT_LIMITS, KqlEngine } from './engine.js';
export { preloadKusto as preloadKql } from './kusto.js';
export * from './table.js';
