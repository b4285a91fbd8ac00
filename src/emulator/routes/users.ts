import type { RiskyUser, SignIn, User } from '../data/model.js';
import type { World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { graphPaging, listResponse } from './listing.js';

/** Entra users, Identity Protection risky users and sign-in logs: what an enrich-user tool reads. */

const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const RISKY_READ = ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'];
const SIGNIN_READ = ['AuditLog.Read.All'];

/** The properties Graph returns for a user when `$select` is absent. */
const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const RISK_LEVELS = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'];
const RISK_STATES = [
  'none',
  'confirmedSafe',
  'remediated',
  'dismissed',
  'atRisk',
  'confirmedCompromised',
  'unknownFutureValue',
];

const RISKY_USER_FILTER: FilterSchema<RiskyUser> = {
  typeName: 'microsoft.graph.riskyUser',
  properties: {
    id: { kind: 'string' },
    riskLevel: { kind: 'enum', values: RISK_LEVELS },
    riskState: { kind: 'enum', values: RISK_STATES },
    riskLastUpdatedDateTime: { kind: 'datetime' },
    userPrincipalName: { kind: 'string' },
    userDisplayName: { kind: 'string' },
  },
};

const SIGNIN_FILTER: FilterSchema<SignIn> = {
  typeName: 'microsoft.graph.signIn',
  properties: {
    userPrincipalName: { kind: 'string' },
    userId: { kind: 'string' },
    userDisplayName: { kind: 'string' },
    appId: { kind: 'string' },
    appDisplayName: { kind: 'string' },
    ipAddress: { kind: 'string' },
    createdDateTime: { kind: 'datetime' },
    riskLevelDuringSignIn: { kind: 'enum', values: RISK_LEVELS },
    conditionalAccessStatus: {
      kind: 'enum',
      values: ['success', 'failure', 'notApplied', 'unknownFutureValue'],
    },
    'status/errorCode': { kind: 'number', get: (s) => s.status.errorCode },
    'location/countryOrRegion': { kind: 'string', get: (s) => s.location.countryOrRegion },
  },
};

/** The user a `/users/{id | userPrincipalName}` path names. */
export function userOf(world: World, req: EmuRequest): User | undefined {
  const key = (req.params.id ?? '').toLowerCase();
  return callerTenant(world, req).users.find(
    (u) => u.id === key || u.userPrincipalName.toLowerCase() === key,
  );
}

export function notFound(world: World, req: EmuRequest) {
  return errorOf(world)(
    'graph',
    req,
    404,
    'Request_ResourceNotFound',
    `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

const USER_FILTER: FilterSchema<User> = {
  typeName: 'microsoft.graph.user',
  properties: {
    id: { kind: 'string' },
    userPrincipalName: { kind: 'string' },
    displayName: { kind: 'string' },
    givenName: { kind: 'string' },
    surname: { kind: 'string' },
    mail: { kind: 'string' },
    department: { kind: 'string' },
    jobTitle: { kind: 'string' },
    accountEnabled: { kind: 'boolean' },
    createdDateTime: { kind: 'datetime' },
    onPremisesSamAccountName: { kind: 'string' },
  },
};

/** A user with the `$select`ed properties, or Graph's default set without `$select`. */
function view(user: User, select?: readonly string[]): Record<string, unknown> {
  const record = user as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const p of select?.length ? select : DEFAULT_USER_PROPERTIES)
    if (p in record) out[p] = structuredClone(record[p]);
  return out;
}

export function userRoutes(world: World): Route[] {
  const usersList: Route[] = graphVersions('/users').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: USER_READ,
    quota: 'graph:users',
    handler(req) {
      // Directory collections page with $skiptoken only.
      if (req.query.has('$skip')) {
        return errorOf(world)(
          'graph',
          req,
          400,
          'Request_BadRequest',
          "'$skip' is not supported by the service.",
        );
      }
      const selecting = req.query.has('$select');
      return listResponse(world, req, callerTenant(world, req).users, {
        api: 'graph',
        schema: USER_FILTER,
        rules: { maxTop: 999, pageSize: 100, nextLinkStyle: 'skiptoken', topMeans: 'pageSize' },
        context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#users`,
        // With $select the listing projects the full record; without, Graph's default set.
        render: (u) => (selecting ? structuredClone(u) : view(u)),
      });
    },
  }));

  const users: Route[] = graphVersions('/users/:id').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: USER_READ,
    quota: 'graph:users',
    handler(req) {
      const user = userOf(world, req);
      if (!user) return notFound(world, req);
      const select = req.query
        .get('$select')
        ?.split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#users/$entity`,
        ...view(user, select),
      });
    },
  }));

  const riskyList: Route[] = graphVersions('/identityProtection/riskyUsers').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: RISKY_READ,
    quota: 'graph:identityProtection',
    handler: (req) =>
      listResponse(world, req, callerTenant(world, req).riskyUsers, {
        api: 'graph',
        schema: RISKY_USER_FILTER,
        rules: graphPaging(20),
        context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#identityProtection/riskyUsers`,
      }),
  }));

  const riskyGet: Route[] = graphVersions('/identityProtection/riskyUsers/:id').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: RISKY_READ,
    quota: 'graph:identityProtection',
    handler(req) {
      const risky = callerTenant(world, req).riskyUsers.find((r) => r.id === req.params.id?.toLowerCase());
      if (!risky) return notFound(world, req);
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#identityProtection/riskyUsers/$entity`,
        ...structuredClone(risky),
      });
    },
  }));

  const signIns: Route[] = graphVersions('/auditLogs/signIns').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: SIGNIN_READ,
    quota: 'graph:auditLogs',
    handler: (req) =>
      listResponse(world, req, callerTenant(world, req).signIns, {
        api: 'graph',
        schema: SIGNIN_FILTER,
        rules: { ...graphPaging(1000), maxSkip: undefined },
        context: `${requestOrigin(req)}${graphVersion(req)}/$metadata#auditLogs/signIns`,
      }),
  }));

  return [...usersList, ...users, ...riskyList, ...riskyGet, ...signIns];
}
