import type { PolicyConfig } from '../config/schema.js';
import { ToolError } from '../errors.js';
import { isAbove } from '../risk.js';
import type { ToolMiddleware } from '../types.js';

/**
 * Refuses any tool above the deployment's ceiling. The catalog already withholds such tools from
 * `tools/list`; this is the second wall, for a client that calls a name it was never shown.
 * Also refuses fan-out (`tenant: "*"`) for write and destructive tools: a change targets one tenant.
 */
export function riskTierMiddleware(policy: Pick<PolicyConfig, 'maxTier'>): ToolMiddleware {
  return async (call, next) => {
    const { tier, name } = call.tool;
    if (isAbove(tier, policy.maxTier)) {
      throw new ToolError(
        'forbidden',
        `Tool ${name} is a ${tier} tool; this deployment's ceiling is ${policy.maxTier}, so it cannot run here.`,
        { hint: `An operator can raise policy.maxTier to '${tier}' in the server config to allow it.` },
      );
    }
    if (tier !== 'read' && call.ctx.tenant === '*') {
      throw new ToolError(
        'validation_error',
        `Tool ${name} changes data, so it targets exactly one tenant; "*" is only for read tools.`,
        { hint: 'Call it once per tenant, naming the tenant key.' },
      );
    }
    return next();
  };
}
