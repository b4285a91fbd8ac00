import type { Comment } from '../data/model.js';
import { nextUpdateTime } from '../data/time.js';
import type { TenantData, World } from '../data/world.js';
import type { EmuRequest, EmuResponse, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, requestOrigin } from './context.js';
import { errorOf, ok } from './envelopes.js';
import { readComment } from './patch.js';

interface Commentable {
  id: string;
  comments: Comment[];
  lastUpdateDateTime: string;
}

/**
 * `POST .../{collection}/{id}/comments` (facts §1.4): appends the comment and answers with the whole
 * list, for incidents and alerts alike.
 */
export function commentRoutes(
  world: World,
  spec: {
    /** `incidents` or `alerts_v2`: the path segment and the `@odata.context` collection. */
    collection: string;
    roles: readonly string[];
    find(tenant: TenantData, id: string | undefined): Commentable | undefined;
    notFound(req: EmuRequest): EmuResponse;
  },
): Route[] {
  const error = errorOf(world);
  return graphVersions(`/security/${spec.collection}/:id/comments`).map((pattern) => ({
    method: 'POST',
    pattern,
    api: 'graph',
    roles: spec.roles,
    quota: 'graph',
    handler(req) {
      const record = spec.find(callerTenant(world, req), req.params.id);
      if (!record) return spec.notFound(req);
      const input = readComment(error, req);
      if (!input.ok) return input.response;
      const now = nextUpdateTime(record.lastUpdateDateTime, world.clock.now());
      record.comments.push({
        comment: input.comment,
        createdByDisplayName: req.caller.appId,
        createdDateTime: now,
      });
      record.lastUpdateDateTime = now;
      return ok({
        '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#security/${spec.collection}('${record.id}')/comments`,
        value: structuredClone(record.comments),
      });
    },
  }));
}
