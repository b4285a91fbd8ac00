import type { Alert, Incident } from '../data/model.js';
import { nextUpdateTime } from '../data/time.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { commentRoutes } from './comments.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { errorOf, GRAPH_BAD_REQUEST, ok } from './envelopes.js';
import { CLASSIFICATION, DETERMINATION, INCIDENT_STATUS, SEVERITY } from './graph-enums.js';
import { graphPaging, listResponse } from './listing.js';
import { validatePatch } from './patch.js';

const READ = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const WRITE = ['SecurityIncident.ReadWrite.All'];
const TYPE = 'microsoft.graph.security.incident';

/** Filterable properties documented for incidents (facts §1.1). */
export const INCIDENT_FILTER: FilterSchema<Incident> = {
  typeName: TYPE,
  properties: {
    assignedTo: { kind: 'string' },
    classification: { kind: 'enum', values: CLASSIFICATION },
    createdDateTime: { kind: 'datetime' },
    determination: { kind: 'enum', values: DETERMINATION },
    lastUpdateDateTime: { kind: 'datetime' },
    severity: { kind: 'enum', values: SEVERITY },
    status: { kind: 'enum', values: INCIDENT_STATUS },
  },
};

const PAGING = graphPaging(50);

/** `$expand=alerts` is the only expansion incidents support. */
function expandsAlerts(req: EmuRequest): boolean | 'invalid' {
  const expand = req.query.get('$expand');
  if (expand === null) return false;
  const parts = expand.split(',').map((p) => p.trim().toLowerCase());
  return parts.every((p) => p === 'alerts') ? true : 'invalid';
}

function render(tenant: TenantData, incident: Incident, withAlerts: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { ...structuredClone(incident) };
  if (withAlerts)
    body.alerts = structuredClone(tenant.alerts.filter((a: Alert) => a.incidentId === incident.id));
  return body;
}

export function incidentRoutes(world: World): Route[] {
  const error = errorOf(world);
  const find = (tenant: TenantData, id: string | undefined) => tenant.incidents.find((i) => i.id === id);
  const notFound = (req: EmuRequest): EmuResponse =>
    error('graph', req, 404, 'itemNotFound', `Incident '${req.params.id}' was not found.`);
  const badExpand = (req: EmuRequest) =>
    error(
      'graph',
      req,
      400,
      GRAPH_BAD_REQUEST,
      `Parsing OData Select and Expand failed: could not expand '${req.query.get('$expand')}'.`,
    );

  const list: Route[] = graphVersions('/security/incidents').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph',
    handler(req) {
      const tenant = callerTenant(world, req);
      const expand = expandsAlerts(req);
      if (expand === 'invalid') return badExpand(req);
      return listResponse(world, req, tenant.incidents, {
        api: 'graph',
        schema: INCIDENT_FILTER,
        rules: PAGING,
        context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/incidents${expand ? '(alerts())' : ''}`,
        render: (i) => render(tenant, i, expand),
      });
    },
  }));

  const get: Route[] = graphVersions('/security/incidents/:id').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph',
    handler(req) {
      const tenant = callerTenant(world, req);
      const incident = find(tenant, req.params.id);
      if (!incident) return notFound(req);
      const expand = expandsAlerts(req);
      if (expand === 'invalid') return badExpand(req);
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/incidents/$entity`,
        ...render(tenant, incident, expand),
      });
    },
  }));

  const patch: Route[] = graphVersions('/security/incidents/:id').map((pattern) => ({
    method: 'PATCH',
    pattern,
    api: 'graph',
    roles: WRITE,
    quota: 'graph',
    handler(req) {
      const tenant = callerTenant(world, req);
      const incident = find(tenant, req.params.id);
      if (!incident) return notFound(req);
      const result = validatePatch(error, req, TYPE, {
        assignedTo: { kind: 'nullableString' },
        classification: { kind: 'enum', values: CLASSIFICATION },
        determination: { kind: 'enum', values: DETERMINATION },
        // `awaitingAction` is set by Defender Experts only, never by a PATCH.
        status: { kind: 'enum', values: INCIDENT_STATUS.filter((v) => v !== 'awaitingAction') },
        customTags: { kind: 'stringArray' },
        // Not in the stored docs (facts §1.3, UNCONFIRMED); accepted and kept as a comment.
        resolvingComment: { kind: 'string' },
      });
      if (!result.ok) return result.response;
      const { resolvingComment, ...changes } = result.changes;
      // lastUpdateDateTime moves on every change, even two within one millisecond.
      const now = nextUpdateTime(incident.lastUpdateDateTime, world.clock.now());
      Object.assign(incident, changes, { lastUpdateDateTime: now });
      if (typeof resolvingComment === 'string') {
        incident.comments.push({
          comment: resolvingComment,
          createdByDisplayName: req.caller.appId,
          createdDateTime: now,
        });
      }
      // Resolving an incident resolves its alerts, as the portal does.
      if (changes.status === 'resolved') {
        for (const a of tenant.alerts) {
          if (a.incidentId !== incident.id || a.status === 'resolved') continue;
          const alertNow = nextUpdateTime(a.lastUpdateDateTime, world.clock.now());
          Object.assign(a, { status: 'resolved', resolvedDateTime: alertNow, lastUpdateDateTime: alertNow });
        }
      }
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/incidents/$entity`,
        ...structuredClone(incident),
      });
    },
  }));

  const comments = commentRoutes(world, { collection: 'incidents', roles: WRITE, find, notFound });

  return [...list, ...get, ...patch, ...comments];
}
