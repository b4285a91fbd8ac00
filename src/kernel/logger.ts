import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';

/** Operational log (not the audit log). Always stderr: on stdio, stdout carries only JSON-RPC. */
export interface Logger {
  debug(data: Record<string, unknown>, message: string): void;
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export type LoggerLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type Method = Exclude<LoggerLevel, 'silent'>;

const RANK: Record<LoggerLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/**
 * A pino logger on stderr, loaded on the first record the level lets through: pino and its
 * dependencies cost ~30 ms at start, and a quiet server never needs them. pino is CommonJS, so
 * `require` loads it synchronously and the Logger stays synchronous.
 */
export function createLogger(level: LoggerLevel): Logger {
  let logger: Pino.Logger | undefined;
  const at =
    (method: Method) =>
    (data: Record<string, unknown>, message: string): void => {
      if (RANK[method] < RANK[level]) return;
      logger ??= openPino(level);
      logger[method](data, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function openPino(level: LoggerLevel): Pino.Logger {
  const { pino } = createRequire(import.meta.url)('pino') as { pino: typeof Pino };
  return pino({ name: 'mcp-xdr', level }, pino.destination({ fd: 2, sync: true }));
}

const ignore = (): void => {};
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
