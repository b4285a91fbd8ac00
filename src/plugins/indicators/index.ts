import { DefenderIndicators } from '../../defender/indicators/index.js';
import { DefenderForEndpoint } from '../../defender/mde.js';
import { Tenants } from '../../defender/tenants.js';
import {
  definePlugin,
  RESPONSE_LIMITS,
  type ResponseLimits,
  TOOL_CATALOG,
  type ToolAvailability,
} from '../../kernel/index.js';
import { DeleteIndicator } from './delete-indicator.js';
import { ListIndicators } from './list-indicators.js';
import { IndicatorsOptions } from './options.js';
import { INDICATORS, type IndicatorsRuntime } from './runtime.js';
import { SubmitIndicator } from './submit-indicator.js';

export default definePlugin({
  name: 'indicators',
  version: '0.1.0',
  description:
    'Defender for Endpoint indicators: list them, submit (allow, audit, warn, block a hash, certificate, ' +
    'IP, domain or URL) with the blast radius in the preview, delete; a never-block list, blocks that ' +
    'always expire, cooldowns, an hourly cap on blocks.',
  options: IndicatorsOptions,
  tools: [ListIndicators, SubmitIndicator, DeleteIndicator],
  setup(container, options) {
    container.register(INDICATORS, {
      useFactory: (c): IndicatorsRuntime => ({
        api: c.resolve(DefenderIndicators),
        mde: c.resolve(DefenderForEndpoint),
        tenants: c.resolve(Tenants),
        limits: c.resolve<ResponseLimits>(RESPONSE_LIMITS),
        options,
        catalog: c.resolve<ToolAvailability>(TOOL_CATALOG),
      }),
    });
  },
});
