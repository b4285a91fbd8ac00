/** Defender for Endpoint indicators: the API client and the value checks every indicator tool shares. */
export {
  DefenderIndicators,
  INDICATOR_PERMISSIONS,
  type Indicator,
  type IndicatorBody,
  IndicatorSchema,
  type SubmitOutcome,
} from './client.js';
export {
  ADDRESS_ROLES,
  addressRoles,
  BLOCKING_ACTIONS,
  hostOf,
  INDICATOR_ACTIONS,
  INDICATOR_TYPES,
  type IndicatorAction,
  type IndicatorType,
  indicatorTarget,
  isBlocking,
  isCidr,
  isDomainName,
  normaliseIndicatorValue,
  rangeHolding,
} from './values.js';
