import type { z } from 'zod';
import {
  inject,
  Tool,
  type ToolContext,
  type ToolOptions,
  token,
  type WriteTool,
} from '../../kernel/index.js';
import type { ToolClass } from '../../kernel/types.js';
import { rateForTier } from '../tool-rates.js';
import { type ActionResult, ActionResultSchema } from './action-view.js';
import type { DeviceActionDef, DeviceActionInput, DeviceActions } from './device-action.js';
import { renderActionResult } from './render.js';

/** The DI token of the plugin's DeviceActions runner (registered by the manifest's setup). */
export const DEVICE_ACTIONS = token<DeviceActions>('mcp-xdr.devices.actions');

type ActionToolOptions<S extends z.ZodObject> = Omit<ToolOptions<S>, 'output' | 'idempotent' | 'risk'> & {
  risk: 'write' | 'destructive';
};

/**
 * A single-device action tool: the tool declares its metadata and its action (target, cooldown group,
 * body, what changes); the runner does preview, guards, the one POST, read-back and follow-through.
 */
export function deviceActionTool<S extends z.ZodObject>(
  options: ActionToolOptions<S>,
  def: DeviceActionDef<z.output<S> & DeviceActionInput>,
): ToolClass {
  type I = z.output<S> & DeviceActionInput;
  class DeviceActionTool implements WriteTool<I, ActionResult> {
    constructor(@inject(DEVICE_ACTIONS) private readonly actions: DeviceActions) {}

    preview(input: I, ctx: ToolContext) {
      return this.actions.preview(def, input, ctx);
    }

    execute(input: I, ctx: ToolContext) {
      return this.actions.execute(def, input, ctx);
    }

    toText(output: ActionResult): string {
      return renderActionResult(output);
    }
  }
  Tool({ rateLimit: rateForTier(options.risk), ...options, output: ActionResultSchema, idempotent: false })(
    DeviceActionTool,
  );
  return DeviceActionTool;
}
