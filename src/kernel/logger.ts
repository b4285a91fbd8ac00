import { pino } from 'pino';

/** Operational log (not the audit log). Always stderr: on stdio, stdout carries only JSON-RPC. */
export interface Logger {
  debug(data: Record<string, unknown>, message: string): void;
  info(data: Record<string, unknown>, message: string): void;
  warn(data: Record<string, unknown>, message: string): void;
  error(data: Record<string, unknown>, message: string): void;
}

export type LoggerLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(level: LoggerLevel): Logger {
  return pino({ name: 'mcp-xdr', level }, pino.destination({ fd: 2, sync: true }));
}

const ignore = (): void => {};
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
