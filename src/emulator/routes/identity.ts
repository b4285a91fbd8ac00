import { randomUUID } from 'node:crypto';
import type { IdentityAccount, IdentityProvider } from '../data/model.js';
import { PROVIDER_ACTIONS } from '../data/users.js';
import type { World } from '../data/world.js';
import type { FilterSchema } from '../odata/filter.js';
import type { EmuRequest, Route } from '../routing.js';
import { callerTenant, graphVersion, graphVersions, isPlainObject, requestOrigin } from './context.js';
import { errorOf, GRAPH_BAD_REQUEST, ok } from './envelopes.js';
import { actionParameters, graphActionPatterns } from './graph-actions.js';
import { enumMember } from './graph-enums.js';
import { applyInvokeAction, record } from './identity-effects.js';
import { graphPaging, listResponse } from './listing.js';

/** Defender for Identity accounts and their response actions (facts §3). */

const READ = ['SecurityIdentitiesAccount.Read.All', 'SecurityIdentitiesActions.ReadWrite.All'];
const ACT = ['SecurityIdentitiesActions.ReadWrite.All'];
const ACTIONS = [
  'disable',
  'enable',
  'forcePasswordReset',
  'revokeAllSessions',
  'requireUserToSignInAgain',
  'markUserAsCompromised',
  'unknownFutureValue',
];
const PROVIDERS = ['entraID', 'activeDirectory', 'okta', 'unknownFutureValue'];
const BASE = '/security/identities/identityAccounts';

const ACCOUNT_FILTER: FilterSchema<IdentityAccount> = {
  typeName: 'microsoft.graph.security.identityAccounts',
  properties: {
    id: { kind: 'string' },
    displayName: { kind: 'string' },
    domain: { kind: 'string' },
    isEnabled: { kind: 'boolean' },
    onPremisesSecurityIdentifier: { kind: 'string' },
  },
};

export function identityRoutes(world: World): Route[] {
  const error = errorOf(world);
  const bad = (req: EmuRequest, message: string) => error('graph', req, 400, GRAPH_BAD_REQUEST, message);
  const notFound = (req: EmuRequest) =>
    error('graph', req, 404, 'itemNotFound', `Identity account '${req.params.id}' was not found.`);
  const context = (req: EmuRequest, suffix: string) =>
    `${requestOrigin(req)}${graphVersion(req)}/$metadata#${suffix}`;

  const list: Route[] = graphVersions(BASE).map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph:identities',
    handler: (req) =>
      listResponse(world, req, callerTenant(world, req).identityAccounts, {
        api: 'graph',
        schema: ACCOUNT_FILTER,
        rules: graphPaging(100),
        context: context(req, 'security/identities/identityAccounts'),
      }),
  }));

  const get: Route[] = graphVersions(`${BASE}/:id`).map((pattern) => ({
    method: 'GET',
    pattern,
    api: 'graph',
    roles: READ,
    quota: 'graph:identities',
    handler(req) {
      const account = callerTenant(world, req).identityAccounts.find(
        (a) => a.id === req.params.id?.toLowerCase(),
      );
      if (!account) return notFound(req);
      return ok({
        '@odata.context': context(req, 'security/identities/identityAccounts/$entity'),
        ...structuredClone(account),
      });
    },
  }));

  const invoke: Route[] = graphActionPatterns(`${BASE}/:id`, 'invokeAction').map((pattern) => ({
    method: 'POST',
    pattern,
    api: 'graph',
    roles: ACT,
    quota: 'graph:identities',
    handler(req) {
      const tenant = callerTenant(world, req);
      const account = tenant.identityAccounts.find((a) => a.id === req.params.id?.toLowerCase());
      if (!account) return notFound(req);
      const named = actionParameters(req.body, ['accountId', 'action', 'identityProvider', 'provider']);
      if (!named.ok) return bad(req, named.message);
      const body = named.body;
      if (!isPlainObject(body)) return bad(req, 'The request body must be a JSON object.');
      for (const key of Object.keys(body)) {
        if (!['accountId', 'action', 'identityProvider', 'provider'].includes(key)) {
          return bad(
            req,
            `The property '${key}' does not exist on type 'microsoft.graph.security.invokeActionRequest'.`,
          );
        }
      }
      const { accountId } = body;
      const providerInput = body.identityProvider ?? body.provider;
      if (typeof accountId !== 'string' || accountId === '')
        return bad(req, "The 'accountId' parameter is required.");
      if (typeof body.action !== 'string') return bad(req, "The 'action' parameter is required.");
      if (typeof providerInput !== 'string') return bad(req, "The 'identityProvider' parameter is required.");
      const action = enumMember(ACTIONS, body.action);
      if (!action || action === 'unknownFutureValue')
        return bad(req, `Requested value '${body.action}' was not found for 'action'.`);
      const provider = enumMember(PROVIDERS, providerInput) as
        | IdentityProvider
        | 'unknownFutureValue'
        | undefined;
      if (!provider || provider === 'unknownFutureValue') {
        return bad(req, `Requested value '${providerInput}' was not found for 'identityProvider'.`);
      }
      const linked = account.accounts.find((a) => a.identityProvider === provider);
      if (!linked) return bad(req, `Account '${account.id}' has no ${provider} identity.`);
      if (
        accountId.toLowerCase() !== linked.identifier.toLowerCase() &&
        accountId.toLowerCase() !== account.id
      ) {
        return bad(
          req,
          `The accountId '${accountId}' does not belong to identity account '${account.id}' for ${provider}.`,
        );
      }
      if (!PROVIDER_ACTIONS[provider].includes(action)) {
        return bad(req, `The action '${action}' is not supported for identity provider '${provider}'.`);
      }
      const now = new Date(world.clock.now()).toISOString();
      applyInvokeAction(tenant, account.id, action, provider, now);
      record(
        tenant,
        {
          api: 'invokeAction',
          target: account.id,
          action,
          identityProvider: provider,
          appId: req.caller.appId,
        },
        now,
      );
      return ok({
        '@odata.context': context(req, 'microsoft.graph.security.invokeActionResult'),
        '@odata.type': '#microsoft.graph.security.invokeActionResult',
        accountId,
        action,
        identityProvider: provider,
        correlationId: randomUUID(),
      });
    },
  }));

  return [...list, ...get, ...invoke];
}
