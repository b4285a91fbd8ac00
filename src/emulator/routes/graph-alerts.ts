import type { Alert } from '../data/model.js';
import { nextUpdateTime } from '../data/time.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { commentRoutes } from './comments.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { ALERT_STATUS, CLASSIFICATION, DETERMINATION, SERVICE_SOURCE, SEVERITY } from './graph-enums.js';
import { graphPaging, listResponse } from './listing.js';
import { validatePatch } from './patch.js';

const READ = ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'];
const WRITE = ['SecurityAlert.ReadWrite.All'];
const TYPE = 'microsoft.graph.security.alert';

/** Filterable properties documented for alerts_v2 (facts §1.5). */
export const ALERT_FILTER: FilterSchema<Alert> = {
  typeName: TYPE,
  properties: {
    assignedTo: { kind: 'string' },
    classification: { kind: 'enum', values: CLASSIFICATION },
    determination: { kind: 'enum', values: DETERMINATION },
    createdDateTime: { kind: 'datetime' },
    lastUpdateDateTime: { kind: 'datetime' },
    severity: { kind: 'enum', values: SEVERITY },
    serviceSource: { kind: 'enum', values: SERVICE_SOURCE },
    status: { kind: 'enum', values: ALERT_STATUS },
  },
};

const PAGING = graphPaging(100);

export function alertRoutes(world: World): Route[] {
  const error = errorOf(world);
  const find = (tenant: TenantData, id: string | undefined) => tenant.alerts.find((a) => a.id === id);
  const notFound = (req: EmuRequest): EmuResponse =>
    error('graph', req, 404, 'itemNotFound', `Alert '${req.params.id}' was not found.`);
  const entity = (req: EmuRequest) =>
    `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/alerts_v2/$entity`;

  const list: Route[] = graphVersions('/security/alerts_v2').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph',
    handler: (req) =>
      listResponse(world, req, callerTenant(world, req).alerts, {
        api: 'graph',
        schema: ALERT_FILTER,
        rules: PAGING,
        context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/alerts_v2`,
      }),
  }));

  const get: Route[] = graphVersions('/security/alerts_v2/:id').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph',
    handler(req) {
      const alert = find(callerTenant(world, req), req.params.id);
      return alert ? ok({ '@odata.context': entity(req), ...structuredClone(alert) }) : notFound(req);
    },
  }));

  const patch: Route[] = graphVersions('/security/alerts_v2/:id').map((pattern) => ({
    method: 'PATCH',
    pattern,
    api: 'graph',
    roles: WRITE,
    quota: 'graph',
    handler(req) {
      const alert = find(callerTenant(world, req), req.params.id);
      if (!alert) return notFound(req);
      const result = validatePatch(error, req, TYPE, {
        assignedTo: { kind: 'nullableString' },
        classification: { kind: 'enum', values: CLASSIFICATION },
        determination: { kind: 'enum', values: DETERMINATION },
        status: { kind: 'enum', values: ALERT_STATUS },
      });
      if (!result.ok) return result.response;
      const now = nextUpdateTime(alert.lastUpdateDateTime, world.clock.now());
      Object.assign(alert, result.changes, { lastUpdateDateTime: now });
      if (result.changes.status === 'resolved') alert.resolvedDateTime = now;
      else if (result.changes.status !== undefined) alert.resolvedDateTime = null;
      return ok({ '@odata.context': entity(req), ...structuredClone(alert) });
    },
  }));

  const comments = commentRoutes(world, { collection: 'alerts_v2', roles: WRITE, find, notFound });

  return [...list, ...get, ...patch, ...comments];
}
