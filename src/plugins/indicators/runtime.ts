import type { DefenderIndicators } from '../../defender/indicators/index.js';
import type { DefenderForEndpoint } from '../../defender/mde.js';
import type { Tenants } from '../../defender/tenants.js';
import type { ResponseLimits, ToolAvailability } from '../../kernel/index.js';
import type { IndicatorsOptions } from './options.js';

/** The DI token of the plugin's shared services (registered by the manifest's setup). */
export const INDICATORS = Symbol.for('mcp-xdr.indicators.runtime');

/** What every indicators tool uses: the APIs, the tenants, the response limits and the options. */
export interface IndicatorsRuntime {
  readonly api: DefenderIndicators;
  readonly mde: DefenderForEndpoint;
  readonly tenants: Tenants;
  readonly limits: ResponseLimits;
  readonly options: IndicatorsOptions;
  readonly catalog: ToolAvailability;
}

/** One cooldown group for submit and delete of a value: block-then-delete flapping is refused too. */
export const INDICATOR_GROUP = 'indicator';

/** Errors after which Defender certainly did not act: the cooldown and cap count are given back. */
export const DEFINITE_FAILURES: readonly string[] = [
  'forbidden',
  'not_found',
  'validation_error',
  'rate_limited',
  'unauthorized',
];
