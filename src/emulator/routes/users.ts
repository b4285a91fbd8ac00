import type { World } from '../data/world.js';
import type { Route } from '../routing.js';
import { callerTenant, graphVersions } from './context.js';
import { graphError, ok } from './envelopes.js';

const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

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

export function userRoutes(world: World): Route[] {
  return graphVersions('/users/:id').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: USER_READ,
    quota: 'graph:users',
    handler(req) {
      const tenant = callerTenant(world, req);
      const key = (req.params.id ?? '').toLowerCase();
      const user = tenant.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
      if (!user) {
        return graphError(
          req,
          404,
          'Request_ResourceNotFound',
          `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      const select = req.query
        .get('$select')
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const properties = select?.length ? select : DEFAULT_USER_PROPERTIES;
      const record = user as unknown as Record<string, unknown>;
      const body: Record<string, unknown> = {
        '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users/$entity`,
      };
      for (const p of properties) if (p in record) body[p] = record[p];
      return ok(body);
    },
  }));
}
