import { definePlugin } from '../../kernel/plugin.js';
import { afterFirstListing } from '../../kernel/start-up.js';
import { GetHuntingSchema } from './get-hunting-schema.js';
import { warm } from './kql/kusto.js';
import { HuntingOptionsSchema } from './options.js';
import { huntingPrompts } from './prompts.js';
import { huntingResources } from './resources.js';
import { RunHuntingQuery } from './run-hunting-query.js';

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
    // Loading Microsoft's KQL parser blocks for about a second: pay it once the client has its tool
    // list, not during the handshake (a timer from here raced it) nor on the first query. A failure
    // here surfaces again on the first real check.
    afterFirstListing(warm);
  },
});
