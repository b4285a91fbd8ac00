import { z } from 'zod';

/** A follow-up call a result suggests to the model, with the arguments it would take. */
export const NextStepSchema = z.object({
  tool: z.string(),
  why: z.string(),
  args: z.record(z.string(), z.unknown()).optional(),
});

export type NextStep = z.infer<typeof NextStepSchema>;

/** What suggesting needs of the catalog (inject it with TOOL_CATALOG). */
export interface ToolAvailability {
  isEnabled(name: string): boolean;
}

/**
 * Keeps the suggestions whose tool this deployment exposes: a read-only deployment never suggests
 * isolating a device, and a withheld tool is not revealed by a hint.
 */
export function nextSteps(catalog: ToolAvailability, steps: readonly NextStep[]): NextStep[] {
  return steps.filter((step) => catalog.isEnabled(step.tool));
}
