import { z } from 'zod';

/** The defaults an acting plugin gives its cooldown and cap. */
export interface ResponseLimitDefaults {
  readonly cooldownSeconds: number;
  readonly hourlyCap: number;
}

/**
 * The `cooldownSeconds` and `hourlyCap` fields of an acting plugin's options, with the plugin's own
 * defaults and words, so every plugin offers the operator the same two knobs with the same bounds.
 * Spread into the options object: `z.object({ ...responseLimitOptions(...), protected: ... })`.
 */
export function responseLimitOptions(
  defaults: ResponseLimitDefaults,
  what: { cooldown: string; cap: string },
) {
  return {
    cooldownSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(defaults.cooldownSeconds)
      .describe(what.cooldown),
    hourlyCap: z.number().int().min(1).max(10_000).default(defaults.hourlyCap).describe(what.cap),
  };
}
