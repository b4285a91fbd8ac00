import type { World } from '../data/world.js';
import { KqlEngine } from '../kql/engine.js';
import type { HuntingEngine } from '../kql/table.js';
import type { Route } from '../routing.js';
import { directoryRoutes } from './directory.js';
import { alertRoutes } from './graph-alerts.js';
import { incidentRoutes } from './graph-incidents.js';
import { navigationRoutes } from './graph-navigation.js';
import { huntingRoutes } from './hunting.js';
import { identityRoutes } from './identity.js';
import { machineActionRoutes } from './mde-actions.js';
import { mdeAlertRoutes } from './mde-alerts.js';
import { fileRoutes } from './mde-files.js';
import { indicatorRoutes } from './mde-indicators.js';
import { machineRoutes } from './mde-machines.js';
import { vulnerabilityRoutes } from './mde-vulnerabilities.js';
import { userActionRoutes } from './user-actions.js';
import { userRoutes } from './users.js';

export interface RouteOptions {
  /** The KQL engine behind both hunting endpoints (default: the emulator's own, on Microsoft's parser). */
  engine?: HuntingEngine;
}

/** Every API route the emulator serves over a world. */
export function createRoutes(world: World, options: RouteOptions = {}): Route[] {
  return [
    // Before the entity routes: `$count` and `SoftwareVulnerabilitiesByMachine` are not ids.
    ...navigationRoutes(world),
    ...vulnerabilityRoutes(world),
    ...mdeAlertRoutes(world),
    ...incidentRoutes(world),
    ...alertRoutes(world),
    ...huntingRoutes(world, options.engine ?? new KqlEngine()),
    ...userActionRoutes(world),
    ...userRoutes(world),
    ...directoryRoutes(world),
    ...identityRoutes(world),
    ...machineRoutes(world),
    ...machineActionRoutes(world),
    ...fileRoutes(world),
    ...indicatorRoutes(world),
  ];
}
