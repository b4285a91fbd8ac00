import type { Alert } from '../data/model.js';
import type { World } from '../data/world.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { ALERT_FILTER } from './graph-alerts.js';
import { INCIDENT_FILTER } from './graph-incidents.js';
import { graphPaging, type ListSpec, listResponse } from './listing.js';

/**
 * The navigation paths Microsoft's SDKs generate for what the emulator serves: an incident's alerts
 * as a collection (`incidents/{id}/alerts`, one alert under it) and the `$count` segments
 * (`text/plain` number). Served before the entity routes, so `$count` is never taken for an id.
 */

const INCIDENT_READ = ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'];
const ALERT_READ = ['SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'];

/** `$count`: the number of matches of the request's `$filter`, as Graph's text/plain answer. */
function countOf<T>(world: World, req: EmuRequest, items: readonly T[], spec: ListSpec<T>): EmuResponse {
  const query = new URLSearchParams({ $count: 'true', $top: '1' });
  const filter = req.query.get('$filter');
  if (filter !== null) query.set('$filter', filter);
  const listed = listResponse(world, { ...req, query }, items, spec);
  if (listed.status !== 200) return listed;
  const count = (listed.body as { '@odata.count': number })['@odata.count'];
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: count };
}

export function navigationRoutes(world: World): Route[] {
  const error = errorOf(world);
  const incidentOf = (req: EmuRequest) =>
    callerTenant(world, req).incidents.find((i) => i.id === req.params.id);
  const incidentNotFound = (req: EmuRequest) =>
    error('graph', req, 404, 'itemNotFound', `Incident '${req.params.id}' was not found.`);
  const alertsOf = (req: EmuRequest, incidentId: string) =>
    callerTenant(world, req).alerts.filter((a) => a.incidentId === incidentId);
  const alertSpec = (req: EmuRequest, path: string): ListSpec<Alert> => ({
    api: 'graph',
    schema: ALERT_FILTER,
    rules: graphPaging(100),
    context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#${path}`,
  });
  const route = (pattern: string, roles: readonly string[], handler: Route['handler']): Route[] =>
    graphVersions(pattern).map((p) => ({
      method: 'GET',
      pattern: p,
      api: 'graph',
      roles,
      quota: 'graph',
      handler,
    }));

  return [
    ...route('/security/incidents/$count', INCIDENT_READ, (req) =>
      countOf(world, req, callerTenant(world, req).incidents, {
        api: 'graph',
        schema: INCIDENT_FILTER,
        rules: graphPaging(50),
        context: '',
      }),
    ),
    ...route('/security/alerts_v2/$count', ALERT_READ, (req) =>
      countOf(world, req, callerTenant(world, req).alerts, alertSpec(req, '')),
    ),
    ...route('/security/incidents/:id/alerts/$count', INCIDENT_READ, (req) => {
      const incident = incidentOf(req);
      if (!incident) return incidentNotFound(req);
      return countOf(world, req, alertsOf(req, incident.id), alertSpec(req, ''));
    }),
    ...route('/security/incidents/:id/alerts', INCIDENT_READ, (req) => {
      const incident = incidentOf(req);
      if (!incident) return incidentNotFound(req);
      return listResponse(
        world,
        req,
        alertsOf(req, incident.id),
        alertSpec(req, `security/incidents('${incident.id}')/alerts`),
      );
    }),
    ...route('/security/incidents/:id/alerts/:alertId', INCIDENT_READ, (req) => {
      const incident = incidentOf(req);
      if (!incident) return incidentNotFound(req);
      const alert = alertsOf(req, incident.id).find((a) => a.id === req.params.alertId);
      if (!alert)
        return error('graph', req, 404, 'itemNotFound', `Alert '${req.params.alertId}' was not found.`);
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/incidents('${incident.id}')/alerts/$entity`,
        ...structuredClone(alert),
      });
    }),
  ];
}
