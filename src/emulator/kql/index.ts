/** The emulator's KQL engine: `createRoutes(world, { engine: new KqlEngine() })` serves it on both hunting APIs. */
export { DEFAULT_LIMITS, KqlEngine } from './engine.js';
export * from './table.js';
