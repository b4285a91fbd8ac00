import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/**
 * Strict parsing: an unknown flag or a missing value is a usage error (exit 2), never ignored.
 * `config` is passed through to `parseArgs` (with `strict: true` forced).
 */
export function parseCommandArgs<T extends Omit<ParseArgsConfig, 'strict'>>(
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--config FILE`: shared by every command that reads the operator config. */
export const CONFIG_OPTION = { config: { type: 'string', short: 'c' } } as const;

/** `--transport stdio|http` and `--port P`: shared by `serve` and `sandbox`. */
export const TRANSPORT_OPTIONS = {
  transport: { type: 'string', short: 't' },
  port: { type: 'string', short: 'p' },
} as const;
