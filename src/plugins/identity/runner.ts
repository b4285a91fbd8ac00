import { callOptionsFrom } from '../../defender/api-client.js';
import type { GraphClient } from '../../defender/graph.js';
import type { Tenants } from '../../defender/tenants.js';
import {
  assertNotProtected,
  isToolError,
  type Preview,
  type ResponseLimits,
  type ToolContext,
  ToolError,
} from '../../kernel/index.js';
import { type AccountState, type Provider, readAccount } from './account.js';
import type { IdentityOptions } from './options.js';

export interface AccountInput {
  account: string;
  providers?: Provider[] | undefined;
  tenant?: string | undefined;
}

/** One request an action makes: to which provider, through which API. */
export interface Route {
  provider: Provider;
  via: 'invokeAction' | 'revokeSignInSessions' | 'confirmCompromised' | 'dismiss';
  action: string;
  identifier: string;
}

/** What a tool declares; the runner does the reading, the guards, the calls and the read-back. */
export interface IdentityActionDef {
  verb: string;
  destructive: boolean;
  /** Protected accounts are refused (all but enable). */
  guarded: boolean;
  /** Cooldown group: an action and its undo share one. */
  group: string;
  /** The requests for this account, or a reason no provider can do it. */
  routes(s: AccountState, wanted: readonly Provider[] | undefined): Route[] | string;
  /** "from -> to" of one route, read from the state. */
  change(s: AccountState, r: Route): { field: string; from: unknown; to: unknown };
  /** Why nothing needs doing (already in effect), if so. */
  inEffect(s: AccountState, routes: readonly Route[]): string | undefined;
}

export interface RouteOutcome extends Route {
  status: 'done' | 'failed' | 'unknown';
  correlationId?: string | null;
  error?: string;
}

export class IdentityActions {
  constructor(
    private readonly graph: GraphClient,
    private readonly tenants: Tenants,
    private readonly limits: ResponseLimits,
    private readonly options: IdentityOptions,
  ) {}

  /** Reads, refuses what must be refused (protected, unsupported, already done, cooling down), routes. */
  private async prepare(def: IdentityActionDef, input: AccountInput, ctx: ToolContext) {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    const state = await readAccount(this.graph, tenant, input.account, ctx);
    // PROTECTED TARGETS: the shared guard, before any state-changing call, whatever the approval.
    if (def.guarded) assertNotProtected(this.options.protected, state.target);
    const routes = def.routes(state, input.providers);
    if (typeof routes === 'string') {
      throw new ToolError('validation_error', `${state.target.label}: ${routes} Nothing was sent.`, {
        details: { reason: 'unsupported_provider' },
      });
    }
    const done = def.inEffect(state, routes);
    if (done)
      throw new ToolError('validation_error', `${state.target.label}: ${done}. Nothing was sent.`, {
        details: { reason: 'already_in_effect' },
      });
    const spec = {
      tenant: tenant.key,
      group: def.group,
      cooldownSeconds: this.options.cooldownSeconds,
      ...(def.destructive ? { cap: { kind: 'destructive identity', perHour: this.options.hourlyCap } } : {}),
    };
    return { tenant, state, routes, spec };
  }

  async preview(def: IdentityActionDef, input: AccountInput, ctx: ToolContext): Promise<Preview> {
    const { state, routes, spec } = await this.prepare(def, input, ctx);
    // COOLDOWNS AND CAPS (read-only in preview).
    const refused = await this.limits.check(spec, [state.target]);
    if (refused[0]) throw refused[0].error;
    return {
      summary: `${def.verb} ${state.target.label} on ${routes.map((r) => `${r.provider} (${r.via})`).join(', ')}.`,
      changes: routes.map((r) => ({
        target: `${state.target.label} on ${r.provider}`,
        ...def.change(state, r),
      })),
      warnings: [
        ...state.nameFlags.map(
          (flag) => `The account's name holds ${flag}: check it is the intended account.`,
        ),
        `Account now: display name ${JSON.stringify(state.displayName)}; providers ${state.providers
          .map((p) => `${p.provider} ${p.enabled === null ? 'enabled?' : p.enabled ? 'enabled' : 'disabled'}`)
          .join(
            ', ',
          )}; risk ${state.risk ? `${state.risk.level}/${state.risk.state}` : 'none'}; privileged roles ${
          state.roleNames.join(', ') || 'none'
        }; last successful sign-in ${state.lastSuccessfulSignIn ?? 'unknown'}.`,
      ],
    };
  }

  async execute(def: IdentityActionDef, input: AccountInput, ctx: ToolContext) {
    // A fresh read: protection, support and "already done" are judged again on the state as it is now.
    const { tenant, state, routes, spec } = await this.prepare(def, input, ctx);
    // COOLDOWNS, CAPS, NEVER TWICE: the claim is taken just before the one request per route.
    const claim = await this.limits.claimOne(spec, state.target);
    const call = callOptionsFrom(ctx);
    const outcomes: RouteOutcome[] = [];
    for (const route of routes) {
      try {
        const correlationId = await this.send(tenant, state, route, call);
        outcomes.push({ ...route, status: 'done', correlationId });
      } catch (error) {
        const code = isToolError(error) ? error.code : 'internal';
        // A definite refusal frees the cooldown; an uncertain failure keeps it (the request may have landed).
        const definite = ['forbidden', 'not_found', 'validation_error'].includes(code);
        if (definite && outcomes.length === 0) await claim.release(state.target);
        outcomes.push({
          ...route,
          status: definite ? 'failed' : 'unknown',
          error: isToolError(error) ? error.message : 'unexpected error',
        });
        if (definite && outcomes.length === 1 && routes.length === 1) throw error;
      }
    }
    const after = await readAccount(this.graph, tenant, input.account, ctx).catch(() => undefined);
    return {
      tenant: tenant.key,
      account: { id: state.id, upn: state.upn, displayName: state.displayName, nameFlags: state.nameFlags },
      outcomes,
      after: after ? { providers: after.providers, risk: after.risk } : null,
    };
  }

  private async send(
    tenant: Parameters<GraphClient['getUser']>[0],
    state: AccountState,
    route: Route,
    call: ReturnType<typeof callOptionsFrom>,
  ): Promise<string | null> {
    const userId = state.user?.id ?? state.id;
    if (route.via === 'revokeSignInSessions') {
      await this.graph.revokeSignInSessions(tenant, userId, call);
      return null;
    }
    if (route.via === 'confirmCompromised' || route.via === 'dismiss') {
      await this.graph.changeUserRisk(tenant, route.via, [userId], call);
      return null;
    }
    const result = await this.graph.invokeIdentityAction(
      tenant,
      state.id,
      { accountId: route.identifier, action: route.action, identityProvider: route.provider },
      call,
    );
    return typeof result.correlationId === 'string' ? result.correlationId : null;
  }
}
