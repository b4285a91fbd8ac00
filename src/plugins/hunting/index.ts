import { definePlugin } from '../../kernel/plugin.js';
import { GetHuntingSchema } from './get-hunting-schema.js';
import { warm } from './kql/kusto.js';
import { HuntingOptionsSchema } from './options.js';
import { huntingPrompts } from './prompts.js';
import { huntingResources } from './resources.js';
import { RunHuntingQuery } from './run-hunting-query.js';

const WARM_UP_DELAY_MS = 200;

export default definePlugin({
  name: 'hunting',
  version: '1.0.0',
  description:
    'Advanced hunting: KQL over Defender XDR, checked before it is sent; the schema; common hunts.',
  options: HuntingOptionsSchema,
  tools: [RunHuntingQuery, GetHuntingSchema],
  prompts: huntingPrompts,
  resources: huntingResources,
  setup() {
    // Loading Microsoft's KQL parser blocks for about a second: pay it shortly after start-up, not
    // on the first query. The short delay lets a client's initialize and tools/list, which arrive at
    // once on stdio, be answered first. A failure here surfaces again on the first real check.
    setTimeout(() => {
      try {
        warm();
      } catch {
        /* reported by the first query */
      }
    }, WARM_UP_DELAY_MS).unref();
  },
});
