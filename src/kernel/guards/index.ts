/** The response guards every acting plugin shares (see docs/plugins.md, "Acting safely"). */
export { forEachTarget, type TargetOutcome } from './each.js';
export { type Followed, type FollowOptions, followUntil } from './follow.js';
export { type ResponseLimitDefaults, responseLimitOptions } from './limit-options.js';
export { type LimitClaim, type LimitSpec, ResponseLimits, type TargetRefusal } from './limits.js';
export {
  assertNotProtected,
  type GuardTarget,
  type ProtectedTargets,
  ProtectedTargetsSchema,
  protectedError,
  protectedTargetsOption,
  protectionOf,
} from './targets.js';
