import { z } from 'zod';
import { protectedTargetsOption, responseLimitOptions } from '../../kernel/index.js';

/** The identity plugin's section of the operator config (`plugins.identity.options`). */
export const IdentityOptions = z.object({
  protected: protectedTargetsOption(
    { roles: ['Global Administrator', 'Privileged Role Administrator'] },
    'Accounts never disabled, reset, revoked or marked compromised: object ids, UPN patterns ' +
      '("breakglass*@contoso.com"), Entra groups (name or id) and directory roles (name or template id). ' +
      'Default: Global Administrators and Privileged Role Administrators.',
  ),
  ...responseLimitOptions(
    { cooldownSeconds: 300, hourlyCap: 10 },
    {
      cooldown:
        'The same kind of action (or its undo: disable/enable) on the same account is refused for this long.',
      cap: 'Destructive identity actions per tenant per hour.',
    },
  ),
});

export type IdentityOptions = z.output<typeof IdentityOptions>;
