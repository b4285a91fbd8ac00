import type { DirectoryRole, Group, User } from '../data/model.js';
import type { TenantData, World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { listResponse } from './listing.js';
import { notFound, userOf } from './users.js';

/**
 * Directory roles, groups and a user's memberships: what the identity tools read to tell whether an
 * account is protected (a Global Administrator, a member of a tier-0 group).
 */

const DIRECTORY_ANY = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const ROLES_READ = ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...DIRECTORY_ANY];
const GROUPS_READ = ['GroupMember.Read.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_ANY];
/** facts: user-list-transitivememberof.md (application permissions). */
const MEMBER_OF_READ = ['User.Read.All', 'GroupMember.Read.All', 'Group.Read.All', ...DIRECTORY_ANY];
const DIRECTORY_PAGING = {
  maxTop: 999,
  pageSize: 100,
  nextLinkStyle: 'skiptoken',
  topMeans: 'pageSize',
} as const;

type DirectoryObject = Record<string, unknown> & { '@odata.type': string; id: string };

const OBJECT_FILTER: FilterSchema<DirectoryObject> = {
  typeName: 'microsoft.graph.directoryObject',
  properties: {
    id: { kind: 'string' },
    displayName: { kind: 'string', get: (o) => String(o.displayName ?? '') },
  },
};

const ROLE_FILTER: FilterSchema<DirectoryRole> = {
  typeName: 'microsoft.graph.directoryRole',
  properties: { id: { kind: 'string' }, displayName: { kind: 'string' }, roleTemplateId: { kind: 'string' } },
};

function roleView(role: DirectoryRole): DirectoryObject {
  const { memberIds: _members, ...shown } = role;
  return { '@odata.type': '#microsoft.graph.directoryRole', ...shown };
}

function groupView(group: Group): DirectoryObject {
  const { memberIds: _members, ...shown } = group;
  return { '@odata.type': '#microsoft.graph.group', ...shown };
}

function userView(user: User): DirectoryObject {
  const { id, displayName, userPrincipalName, mail } = user;
  return { '@odata.type': '#microsoft.graph.user', id, displayName, userPrincipalName, mail };
}

/**
 * Without permission to read a type, Graph lists such objects with "limited information" (type and
 * id only) rather than leaving them out (an approximation: see docs/emulator.md).
 */
function limitedUnless(granted: readonly string[], readers: readonly string[], view: DirectoryObject) {
  return readers.some((r) => granted.includes(r))
    ? view
    : { '@odata.type': view['@odata.type'], id: view.id };
}

function membershipsOf(tenant: TenantData, userId: string, granted: readonly string[]): DirectoryObject[] {
  return [
    ...tenant.groups
      .filter((g) => g.memberIds.includes(userId))
      .map((g) => limitedUnless(granted, GROUPS_READ, groupView(g))),
    ...tenant.directoryRoles
      .filter((r) => r.memberIds.includes(userId))
      .map((r) => limitedUnless(granted, ROLES_READ, roleView(r))),
  ];
}

function findRole(tenant: TenantData, key: string): DirectoryRole | undefined {
  const templateId = /^roleTemplateId=(.+)$/i.exec(key)?.[1]?.toLowerCase();
  return tenant.directoryRoles.find((r) =>
    templateId === undefined ? r.id === key.toLowerCase() : r.roleTemplateId === templateId,
  );
}

export function directoryRoutes(world: World): Route[] {
  const context = (req: EmuRequest, suffix: string) =>
    `${requestOrigin(req)}${graphVersion(req)}/$metadata#${suffix}`;

  // memberOf and transitiveMemberOf answer alike: the seeded groups do not nest.
  const memberOf: Route[] = ['memberOf', 'transitiveMemberOf'].flatMap((relation) =>
    graphVersions(`/users/:id/${relation}`).map(
      (pattern): Route => ({
        method: 'GET',
        pattern,
        api: 'graph',
        roles: MEMBER_OF_READ,
        quota: 'graph:users',
        handler(req) {
          const tenant = callerTenant(world, req);
          const user = userOf(world, req);
          if (!user) return notFound(world, req);
          return listResponse(world, req, membershipsOf(tenant, user.id, req.caller.roles), {
            api: 'graph',
            schema: OBJECT_FILTER,
            rules: DIRECTORY_PAGING,
            context: context(req, 'directoryObjects'),
          });
        },
      }),
    ),
  );

  const roles: Route[] = graphVersions('/directoryRoles').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: ROLES_READ,
    quota: 'graph:directory',
    handler: (req) =>
      listResponse(world, req, callerTenant(world, req).directoryRoles, {
        api: 'graph',
        schema: ROLE_FILTER,
        rules: DIRECTORY_PAGING,
        context: context(req, 'directoryRoles'),
        render: roleView,
      }),
  }));

  const members: Route[] = graphVersions('/directoryRoles/:id/members').map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: ROLES_READ,
    quota: 'graph:directory',
    handler(req) {
      const tenant = callerTenant(world, req);
      const role = findRole(tenant, req.params.id ?? '');
      if (!role) return notFound(world, req);
      const users = tenant.users.filter((u) => role.memberIds.includes(u.id)).map(userView);
      return listResponse(world, req, users, {
        api: 'graph',
        schema: OBJECT_FILTER,
        rules: DIRECTORY_PAGING,
        context: context(req, 'directoryObjects'),
      });
    },
  }));

  return [...memberOf, ...roles, ...members];
}
