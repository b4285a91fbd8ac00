import { z } from 'zod';

/** ISO 8601 duration, e.g. P7D, PT12H, P1DT6H. */
const DURATION = String.raw`P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?`;
/** ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T08:00:00Z. */
const DATE_TIME = String.raw`\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?`;
/** The forms runHuntingQuery accepts (facts §1.8): D, start/end, D/end, start/D, start. */
const TIMESPAN = new RegExp(
  `^(${DURATION}|${DATE_TIME}|${DATE_TIME}/${DATE_TIME}|${DURATION}/${DATE_TIME}|${DATE_TIME}/${DURATION})$`,
);

export const Timespan = z
  .string()
  .max(80)
  .regex(
    TIMESPAN,
    'a timespan is an ISO 8601 duration (P7D, PT12H) or interval (start/end, P7D/end, start/P7D)',
  )
  .describe(
    'Time window (ISO 8601): a duration back from now such as "P7D" or "PT12H", or an interval ' +
      '"2026-11-01T00:00:00Z/2026-11-02T00:00:00Z" (also "P7D/end", "start/P7D", or just "start"). Default: 30 days.',
  );
