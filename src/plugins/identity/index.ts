import { GraphClient } from '../../defender/graph.js';
import { Tenants } from '../../defender/tenants.js';
import { definePlugin, RESPONSE_LIMITS, type ResponseLimits } from '../../kernel/index.js';
import { IDENTITY_ACTIONS } from './action-tool.js';
import {
  ConfirmUserCompromised,
  DisableAccount,
  DismissUserRisk,
  EnableAccount,
  ForcePasswordReset,
  RevokeSessions,
} from './actions.js';
import { IdentityOptions } from './options.js';
import { IdentityActions } from './runner.js';

export default definePlugin({
  name: 'identity',
  version: '0.1.0',
  description:
    'Contain a compromised account across Entra ID, Active Directory and Okta: disable, enable, force a ' +
    'password reset, revoke sessions, confirm compromised, dismiss risk; protected accounts, cooldowns, an hourly cap.',
  options: IdentityOptions,
  tools: [
    DisableAccount,
    EnableAccount,
    ForcePasswordReset,
    RevokeSessions,
    ConfirmUserCompromised,
    DismissUserRisk,
  ],
  setup(container, options) {
    container.register(IDENTITY_ACTIONS, {
      useFactory: (c) =>
        new IdentityActions(
          c.resolve(GraphClient),
          c.resolve(Tenants),
          c.resolve<ResponseLimits>(RESPONSE_LIMITS),
          options,
        ),
    });
  },
});
