import type { User } from '../data/model.js';
import type { World } from '../data/world.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, isPlainObject, requestOrigin } from './context.js';
import { errorOf, GRAPH_BAD_REQUEST, ok } from './envelopes.js';
import { CONFIRMED_COMPROMISED, changeRisk, DISMISSED, record, revokeSessions } from './identity-effects.js';
import { notFound, userOf } from './users.js';

/**
 * Entra ID response actions outside Defender for Identity: Graph `revokeSignInSessions` and Identity
 * Protection's `confirmCompromised` / `dismiss` (docs/emulator.md lists the sources).
 */

/** user-revokesigninsessions.md: User.ReadWrite.All, Directory.ReadWrite.All; newer pages add User.RevokeSessions.All. */
const REVOKE = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
const RISKY_WRITE = ['IdentityRiskyUser.ReadWrite.All'];
/** An emulator limit: the pages state none. */
const MAX_USER_IDS = 60;

export function userActionRoutes(world: World): Route[] {
  const error = errorOf(world);
  const now = () => new Date(world.clock.now()).toISOString();

  const revoke: Route[] = graphVersions('/users/:id/revokeSignInSessions').map((pattern) => ({
    method: 'POST',
    pattern,
    api: 'graph',
    roles: REVOKE,
    quota: 'graph:users',
    handler(req) {
      const tenant = callerTenant(world, req);
      const user = userOf(world, req);
      if (!user) return notFound(world, req);
      const at = now();
      revokeSessions(user, at);
      record(
        tenant,
        {
          api: 'revokeSignInSessions',
          target: user.id,
          action: 'revokeSignInSessions',
          identityProvider: 'entraID',
          appId: req.caller.appId,
        },
        at,
      );
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#Edm.Boolean`,
        value: true,
      });
    },
  }));

  const riskActions: Route[] = (
    [
      ['confirmCompromised', CONFIRMED_COMPROMISED],
      ['dismiss', DISMISSED],
    ] as const
  ).flatMap(([action, change]) =>
    graphVersions(`/identityProtection/riskyUsers/${action}`).map(
      (pattern): Route => ({
        method: 'POST',
        pattern,
        api: 'graph',
        roles: RISKY_WRITE,
        quota: 'graph:identityProtection',
        handler(req) {
          const tenant = callerTenant(world, req);
          const users = userIdsOf(req, tenant.users);
          if (typeof users === 'string') return error('graph', req, 400, GRAPH_BAD_REQUEST, users);
          const at = now();
          for (const user of users) {
            changeRisk(tenant, user, change, at);
            record(
              tenant,
              { api: action, target: user.id, action, identityProvider: 'entraID', appId: req.caller.appId },
              at,
            );
          }
          return { status: 204 };
        },
      }),
    ),
  );

  return [...revoke, ...riskActions];
}

/** The users a `{ "userIds": [...] }` body names, or what is wrong with it. */
function userIdsOf(req: EmuRequest, users: readonly User[]): User[] | string {
  const body = req.body;
  if (!isPlainObject(body)) return 'The request body must be a JSON object.';
  for (const key of Object.keys(body)) {
    if (key !== 'userIds') return `The property '${key}' does not exist on this action's parameters.`;
  }
  const ids = body.userIds;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
    return "The 'userIds' parameter must be a non-empty array of user object ids.";
  if (ids.length > MAX_USER_IDS) return `At most ${MAX_USER_IDS} userIds per request.`;
  const found: User[] = [];
  for (const id of ids as string[]) {
    const user = users.find((u) => u.id === id.toLowerCase());
    if (!user) return `Invalid user id '${id}'.`;
    found.push(user);
  }
  return found;
}
