import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { TenantData } from '../../../src/emulator/data/world.js';
import { roomFor } from '../../helpers/rates.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import type { Answer } from '../devices/support.js';

export { errorOf, previewAndRun, resultOf, textOf, tokenOf } from '../devices/support.js';

/** The whole stack with the indicators plugin, a client that elicits, the emulator's record as oracle. */
export async function startIndicators(
  options: Record<string, unknown> = {},
  more: { capabilities?: Record<string, unknown>; plugins?: Record<string, unknown> } = {},
) {
  // Room only for tools that are there: a rate for a tool no plugin has is a config error.
  const indicatorsOn = more.plugins?.indicators !== false;
  const h: XdrHarness = await startXdr({
    plugins: { indicators: { options: { cooldownSeconds: 0, ...options } }, ...more.plugins },
    config: {
      policy: {
        maxTier: 'destructive',
        rateLimits: { tools: indicatorsOn ? roomFor('submit_indicator', 'delete_indicator') : {} },
      },
    },
    capabilities: more.capabilities ?? { elicitation: { form: {} } },
  });
  const forms: string[] = [];
  const approval: { answer: Answer } = { answer: { action: 'accept', content: { approve: true } } };
  if (more.capabilities === undefined)
    h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
      forms.push(request.params.message);
      return approval.answer;
    });
  const contoso = h.emulator.world.tenant('contoso') as TenantData;
  /** Every POST and DELETE the emulator accepted for contoso. */
  const received = () => contoso.indicators.requests;
  /** Requests that reached the indicator routes at all (accepted or refused). */
  const reached = (method: 'GET' | 'POST' | 'DELETE') =>
    h.emulator.control.counters.requests({
      tenant: 'contoso',
      route: `${method} /api/indicators${method === 'DELETE' ? '/:id' : ''}`,
    });
  return { h, forms, approval, contoso, received, reached };
}

export type Started = Awaited<ReturnType<typeof startIndicators>>;
