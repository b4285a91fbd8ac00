import type { IndicatorRecord, IndicatorSubmission } from '../data/indicators.js';
import type { World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { callerTenant, isPlainObject, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { checkIndicatorValue } from './indicator-values.js';
import { listResponse, MDE_PAGING } from './listing.js';
import { type BodyField, readMdeBody } from './mde-body.js';

/**
 * Defender for Endpoint indicators (MicrosoftDocs/defender-docs, defender-endpoint/api/:
 * get-ti-indicators-collection.md, post-ti-indicator.md, delete-ti-indicator-by-id.md, ti-indicator.md).
 * Ti.ReadWrite.All sees every indicator; Ti.ReadWrite only those its app submitted.
 */

const ROLES = ['Ti.ReadWrite', 'Ti.ReadWrite.All'];
export const INDICATOR_TYPES = [
  'FileSha1',
  'FileSha256',
  'FileMd5',
  'CertificateThumbprint',
  'IpAddress',
  'DomainName',
  'Url',
];
const ACTIONS = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'];
const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];

const TEXT: BodyField = { kind: 'string', required: false };
const STRING_FIELDS: Record<string, BodyField> = {
  indicatorValue: { kind: 'string', required: true },
  indicatorType: { kind: 'enum', values: INDICATOR_TYPES, required: true },
  action: { kind: 'enum', values: ACTIONS, required: true },
  title: { kind: 'string', required: true },
  description: { kind: 'string', required: true },
  application: TEXT,
  expirationTime: TEXT,
  severity: { kind: 'enum', values: SEVERITIES, required: false },
  recommendedActions: TEXT,
  educateUrl: TEXT,
};

/** The properties get-ti-indicators-collection.md lists as filterable. */
const INDICATOR_FILTER: FilterSchema<IndicatorRecord> = {
  typeName: 'Indicator',
  properties: {
    application: { kind: 'string' },
    createdByDisplayName: { kind: 'string' },
    expirationTime: { kind: 'datetime' },
    generateAlert: { kind: 'boolean' },
    title: { kind: 'string' },
    rbacGroupNames: { kind: 'stringArray' },
    rbacGroupIds: { kind: 'stringArray' },
    indicatorValue: { kind: 'string' },
    indicatorType: { kind: 'enum', values: INDICATOR_TYPES },
    creationTimeDateTimeUtc: { kind: 'datetime' },
    createdBy: { kind: 'string' },
    action: { kind: 'enum', values: ACTIONS },
    severity: { kind: 'enum', values: SEVERITIES },
  },
};

type Parsed = { ok: true; submission: IndicatorSubmission } | { ok: false; code: string; message: string };

function groupsOf(raw: unknown): string[] | undefined | false {
  if (raw === undefined || raw === null) return undefined;
  // The docs call it a comma-separated string and show an array: both are taken.
  if (typeof raw === 'string')
    return raw
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
  return Array.isArray(raw) && raw.every((g) => typeof g === 'string') ? raw : false;
}

/** The POST body, checked in the order Defender reports: shape, required fields, enums, the value. */
function parseSubmission(body: unknown, now: number): Parsed {
  if (!isPlainObject(body)) return readMdeBody(body, STRING_FIELDS) as Parsed;
  const { generateAlert, rbacGroupNames, ...strings } = body;
  const read = readMdeBody(strings, STRING_FIELDS);
  if (!read.ok) return read;
  const v = read.values as Record<string, string>;
  if (generateAlert !== undefined && typeof generateAlert !== 'boolean')
    return {
      ok: false,
      code: 'InvalidRequestBody',
      message: "Request body is invalid: 'generateAlert' must be true or false.",
    };
  const groups = groupsOf(rbacGroupNames);
  if (groups === false)
    return {
      ok: false,
      code: 'InvalidRequestBody',
      message: "Request body is invalid: 'rbacGroupNames' must be a list of names.",
    };
  const value = checkIndicatorValue(v.indicatorType ?? '', v.indicatorValue ?? '');
  if (!value.ok) return value;
  if (v.action === 'Audit' && generateAlert !== true)
    return {
      ok: false,
      code: 'InvalidInput',
      message: 'Invalid input generateAlert: it must be true for the Audit action.',
    };
  let expirationTime: string | undefined;
  if (v.expirationTime !== undefined) {
    const at = Date.parse(v.expirationTime);
    if (Number.isNaN(at))
      return { ok: false, code: 'InvalidInput', message: `Invalid input ${v.expirationTime}.` };
    if (at <= now)
      return { ok: false, code: 'InvalidInput', message: 'Invalid input expirationTime: it is in the past.' };
    expirationTime = new Date(at).toISOString();
  }
  return {
    ok: true,
    submission: {
      indicatorValue: value.value,
      indicatorType: v.indicatorType ?? '',
      action: v.action ?? '',
      title: v.title ?? '',
      description: v.description ?? '',
      severity: v.severity ?? 'Informational',
      generateAlert: generateAlert === true,
      ...(v.application !== undefined ? { application: v.application } : {}),
      ...(v.recommendedActions !== undefined ? { recommendedActions: v.recommendedActions } : {}),
      ...(expirationTime !== undefined ? { expirationTime } : {}),
      ...(groups !== undefined ? { rbacGroupNames: groups } : {}),
    },
  };
}

export function indicatorRoutes(world: World): Route[] {
  const error = errorOf(world);
  const context = (req: EmuRequest, suffix: string) => `${requestOrigin(req)}/api/$metadata#${suffix}`;
  const seesAll = (req: EmuRequest) => req.caller.roles.includes('Ti.ReadWrite.All');
  const entity = (req: EmuRequest, i: IndicatorRecord): EmuResponse =>
    ok({ '@odata.context': context(req, 'Indicators/$entity'), ...structuredClone(i) });

  return [
    {
      method: 'GET',
      pattern: '/api/indicators',
      api: 'mde',
      roles: ROLES,
      quota: 'mde:indicators',
      handler: (req) =>
        listResponse(
          world,
          req,
          callerTenant(world, req).indicators.visible(req.caller.appId, seesAll(req)),
          {
            api: 'mde',
            schema: INDICATOR_FILTER,
            rules: MDE_PAGING,
            context: context(req, 'Indicators'),
          },
        ),
    },
    {
      method: 'POST',
      pattern: '/api/indicators',
      api: 'mde',
      roles: ROLES,
      quota: 'mde:indicatorSubmit',
      handler(req) {
        const store = callerTenant(world, req).indicators;
        const parsed = parseSubmission(req.body, world.clock.now());
        if (!parsed.ok) return error('mde', req, 400, parsed.code, parsed.message);
        const s = parsed.submission;
        if (store.full(s.indicatorType, s.indicatorValue)) {
          return error(
            'mde',
            req,
            400,
            'BadRequest',
            `The tenant has reached its limit of ${store.limit} active indicators.`,
          );
        }
        return entity(req, store.submit(s, req.caller.appId));
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/indicators/:id',
      api: 'mde',
      roles: ROLES,
      quota: 'mde:indicatorDelete',
      handler(req) {
        const id = req.params.id ?? '';
        const deleted = callerTenant(world, req).indicators.delete(id, req.caller.appId, seesAll(req));
        return deleted
          ? { status: 204 }
          : error('mde', req, 404, 'ResourceNotFound', `Indicator ${id} was not found`);
      },
    },
  ];
}
