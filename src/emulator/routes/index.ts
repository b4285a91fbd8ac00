import type { World } from '../data/world.js';
import type { HuntingEngine } from '../kql/table.js';
import type { Route } from '../routing.js';
import { userRoutes } from './users.js';

export interface RouteOptions {
  /** The KQL engine behind both hunting endpoints; a tiny documented fallback when absent. */
  engine?: HuntingEngine;
}

/** Every API route the emulator serves over a world. */
export function createRoutes(world: World, _options: RouteOptions = {}): Route[] {
  return [...userRoutes(world)];
}
