import type { MachineAction, MachineActionType } from '../data/model.js';
import { iso7 } from '../data/time.js';
import type { World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { listResponse, MDE_PAGING } from './listing.js';
import { type BodyField, readMdeBody } from './mde-body.js';
import { findMachine } from './mde-machines.js';

/** Machine response actions and the machine-action collection (facts §2.2, §2.3). */

interface ActionSpec {
  path: string;
  type: MachineActionType;
  role: string;
  fields: Record<string, BodyField>;
  /** The action's `scope` from its body (isolation type, scan type), if any. */
  scope?: (values: Record<string, string | undefined>) => string | null;
}

/** How long a package download link is valid. */
const PACKAGE_URI_LIFETIME_MS = 10 * 60_000;

const COMMENT: BodyField = { kind: 'string', required: true };

const ACTIONS: ActionSpec[] = [
  {
    path: 'isolate',
    type: 'Isolate',
    role: 'Machine.Isolate',
    fields: {
      Comment: COMMENT,
      IsolationType: { kind: 'enum', values: ['Full', 'Selective', 'UnManagedDevice'], required: false },
    },
    scope: (v) => v.IsolationType ?? 'Full',
  },
  { path: 'unisolate', type: 'Unisolate', role: 'Machine.Isolate', fields: { Comment: COMMENT } },
  {
    path: 'runAntiVirusScan',
    type: 'RunAntiVirusScan',
    role: 'Machine.Scan',
    fields: { Comment: COMMENT, ScanType: { kind: 'enum', values: ['Quick', 'Full'], required: true } },
    scope: (v) => v.ScanType ?? null,
  },
  {
    path: 'StopAndQuarantineFile',
    type: 'StopAndQuarantineFile',
    role: 'Machine.StopAndQuarantine',
    fields: { Comment: COMMENT, Sha1: { kind: 'sha1', required: true } },
  },
  {
    path: 'restrictCodeExecution',
    type: 'RestrictCodeExecution',
    role: 'Machine.RestrictExecution',
    fields: { Comment: COMMENT },
  },
  {
    path: 'unrestrictCodeExecution',
    type: 'UnrestrictCodeExecution',
    role: 'Machine.RestrictExecution',
    fields: { Comment: COMMENT },
  },
  {
    path: 'collectInvestigationPackage',
    type: 'CollectInvestigationPackage',
    role: 'Machine.CollectForensics',
    fields: { Comment: COMMENT },
  },
];

const ACTION_FILTER: FilterSchema<MachineAction> = {
  typeName: 'MachineAction',
  properties: {
    id: { kind: 'string' },
    status: {
      kind: 'enum',
      values: ['Pending', 'InProgress', 'Succeeded', 'Failed', 'TimeOut', 'Cancelled'],
    },
    machineId: { kind: 'string' },
    type: { kind: 'enum', values: [...ACTIONS.map((a) => a.type), 'Offboard', 'LiveResponse'] },
    requestor: { kind: 'string' },
    creationDateTimeUtc: { kind: 'datetime' },
  },
};

const READ = ['Machine.Read.All', 'Machine.ReadWrite.All'];

export function machineActionRoutes(world: World): Route[] {
  const error = errorOf(world);
  const meta = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;
  const actionNotFound = (req: EmuRequest) =>
    error('mde', req, 404, 'ResourceNotFound', `Machine action ${req.params.id} was not found`);
  const render = (req: EmuRequest, a: MachineAction) => ({
    '@odata.context': meta(req, 'MachineActions/$entity'),
    ...a,
  });

  const requests: Route[] = ACTIONS.map((spec) => ({
    method: 'POST',
    pattern: `/api/machines/:id/${spec.path}`,
    api: 'mde',
    roles: [spec.role],
    quota: `mde:${spec.path}`,
    handler(req) {
      const tenant = callerTenant(world, req);
      const machine = findMachine(tenant, req.params.id);
      if (!machine)
        return error('mde', req, 404, 'ResourceNotFound', `Machine ${req.params.id} was not found`);
      const body = readMdeBody(req.body, spec.fields);
      if (!body.ok) return error('mde', req, 400, body.code, body.message);
      if (tenant.machineActions.pending(machine.id, spec.type)) {
        return error('mde', req, 400, 'ActiveRequestAlreadyExists', 'Action is already in progress');
      }
      const sha1 = body.values.Sha1;
      const action = tenant.machineActions.request({
        machine,
        type: spec.type,
        scope: spec.scope ? spec.scope(body.values) : null,
        comment: body.values.Comment ?? '',
        requestor: req.caller.appId,
        relatedFileInfo: sha1 ? { fileIdentifier: sha1, fileIdentifierType: 'Sha1' } : null,
      });
      return ok(render(req, action), 201);
    },
  }));

  const cancel: Route = {
    method: 'POST',
    pattern: '/api/machineactions/:id/cancel',
    api: 'mde',
    // Any of the action permissions may cancel (the real API lists them all).
    roles: [...new Set(ACTIONS.map((a) => a.role))],
    quota: 'mde:cancel',
    handler(req) {
      const tenant = callerTenant(world, req);
      if (!tenant.machineActions.get(req.params.id ?? '')) return actionNotFound(req);
      const body = readMdeBody(req.body, { Comment: COMMENT });
      if (!body.ok) return error('mde', req, 400, body.code, body.message);
      const result = tenant.machineActions.cancel(
        req.params.id ?? '',
        req.caller.appId,
        body.values.Comment ?? '',
      );
      if (!result) return actionNotFound(req);
      if (!result.cancelled) {
        return error(
          'mde',
          req,
          400,
          'BadRequest',
          `Machine action ${result.action.id} is ${result.action.status} and cannot be cancelled`,
        );
      }
      return ok(render(req, result.action));
    },
  };

  const reads: Route[] = [
    {
      method: 'GET',
      pattern: '/api/machineactions',
      api: 'mde',
      roles: READ,
      quota: 'mde:machineactions',
      handler: (req) =>
        listResponse(world, req, callerTenant(world, req).machineActions.list(), {
          api: 'mde',
          schema: ACTION_FILTER,
          rules: MDE_PAGING,
          context: meta(req, 'MachineActions'),
        }),
    },
    {
      method: 'GET',
      pattern: '/api/machineactions/:id',
      api: 'mde',
      roles: READ,
      quota: 'mde:machineaction',
      handler(req) {
        const action = callerTenant(world, req).machineActions.get(req.params.id ?? '');
        return action ? ok(render(req, action)) : actionNotFound(req);
      },
    },
    {
      method: 'GET',
      pattern: '/api/machineactions/:id/GetPackageUri',
      api: 'mde',
      roles: ['Machine.CollectForensics', ...READ],
      quota: 'mde:packageUri',
      handler(req) {
        const action = callerTenant(world, req).machineActions.get(req.params.id ?? '');
        if (!action) return actionNotFound(req);
        // Only a finished collection has a package; until then the real API answers 404.
        if (action.type !== 'CollectInvestigationPackage' || action.status !== 'Succeeded') {
          return error(
            'mde',
            req,
            404,
            'ResourceNotFound',
            `Investigation package for action ${action.id} was not found`,
          );
        }
        // Short-lived, like the real SAS link: it names its own expiry.
        const expires = iso7(world.clock.now() + PACKAGE_URI_LIFETIME_MS);
        const uri = `https://userrequests-us.securitycenter.windows.com:443/safedownload/WDATP_Investigation_Package.zip?token=${action.id}&se=${encodeURIComponent(expires)}`;
        // The documented value carries embedded quotes (facts §2.3).
        return ok({ '@odata.context': meta(req, 'Edm.String'), value: JSON.stringify(uri) });
      },
    },
  ];

  return [...requests, cancel, ...reads];
}
