import type { World } from '../data/world.js';
import { type HuntingEngine, KqlError } from '../kql/table.js';
import type { ApiName, EmuRequest, EmuResponse, Route } from '../routing.js';
import { callerTenant, graphVersion, isPlainObject, requestOrigin } from './context.js';
import { errorOf, GRAPH_BAD_REQUEST, ok } from './envelopes.js';
import { actionParameters, graphActionPatterns } from './graph-actions.js';

/**
 * Advanced hunting on both APIs over the same engine: Graph `runHuntingQuery` answers lower-case
 * `schema`/`results` with `name`/`type`; MDE `advancedqueries/run` PascalCase `Schema`/`Results`
 * with `Name`/`Type` (facts §1.8, §2.4). MDE body keys are PascalCase and case-sensitive; Graph's are
 * action parameters, matched ignoring case (the SDKs send `query`, the docs show `Query`).
 */

const MAX_ROWS = 100_000;

interface HuntingInput {
  query: string;
  timespan?: string;
}

function readBody(api: ApiName, sent: unknown): HuntingInput | { code: string; message: string } {
  const allowed = api === 'graph' ? ['Query', 'Timespan'] : ['Query'];
  const named = api === 'graph' ? actionParameters(sent, allowed) : { ok: true as const, body: sent };
  if (!named.ok) return { code: GRAPH_BAD_REQUEST, message: named.message };
  const body = named.body;
  if (!isPlainObject(body))
    return {
      code: api === 'graph' ? GRAPH_BAD_REQUEST : 'InvalidRequestBody',
      message: 'The request body must be a JSON object.',
    };
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) {
      return {
        code: api === 'graph' ? GRAPH_BAD_REQUEST : 'InvalidRequestBody',
        message: `Request body is invalid: unknown parameter '${key}' (${api === 'graph' ? 'parameters' : 'parameters are case-sensitive'}: ${allowed.join(', ')}).`,
      };
    }
  }
  if (typeof body.Query !== 'string' || body.Query.trim() === '') {
    return {
      code: api === 'graph' ? GRAPH_BAD_REQUEST : 'MissingRequiredParameter',
      message: "The parameter 'Query' is required.",
    };
  }
  if (body.Timespan !== undefined && typeof body.Timespan !== 'string') {
    return { code: GRAPH_BAD_REQUEST, message: "The parameter 'Timespan' must be a string." };
  }
  return { query: body.Query, ...(typeof body.Timespan === 'string' ? { timespan: body.Timespan } : {}) };
}

export function huntingRoutes(world: World, engine: HuntingEngine): Route[] {
  const error = errorOf(world);

  async function run(api: ApiName, req: EmuRequest): Promise<EmuResponse> {
    const input = readBody(api, req.body);
    if ('code' in input) return error(api, req, 400, input.code, input.message);
    try {
      const result = await engine.run(callerTenant(world, req).hunting, input.query, {
        now: world.clock.now(),
        limits: { maxRows: MAX_ROWS },
        ...(input.timespan === undefined ? {} : { timespan: input.timespan }),
      });
      if (api === 'graph') {
        return ok({
          '@odata.context': `${requestOrigin(req)}${graphVersion(req)}/$metadata#microsoft.graph.security.huntingQueryResults`,
          schema: result.schema.map((c) => ({ name: c.name, type: c.type })),
          results: result.results,
        });
      }
      return ok({
        Schema: result.schema.map((c) => ({ Name: c.name, Type: c.type })),
        Results: result.results,
      });
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      return error(api, req, 400, 'BadRequest', e.message);
    }
  }

  return [
    ...graphActionPatterns('/security', 'runHuntingQuery').map(
      (pattern): Route => ({
        method: 'POST',
        pattern,
        api: 'graph',
        roles: ['ThreatHunting.Read.All'],
        quota: 'graph:hunting',
        handler: (req) => run('graph', req),
      }),
    ),
    {
      method: 'POST',
      pattern: '/api/advancedqueries/run',
      api: 'mde',
      roles: ['AdvancedQuery.Read.All'],
      quota: 'mde:hunting',
      handler: (req) => run('mde', req),
    },
  ];
}
