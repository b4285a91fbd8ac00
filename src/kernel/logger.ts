import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';
import { afterFirstListing, firstListingDone } from './start-up.js';

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

/** A start-up record kept back is written at the latest this long after it, served or not. */
const HELD_AT_MOST_MS = 5000;

/**
 * A pino logger on stderr, loaded on the first record the level lets through: pino and its
 * dependencies cost ~30 ms at start, and a quiet server never needs them. pino is CommonJS, so
 * `require` loads it synchronously and the Logger stays synchronous.
 *
 * Start-up warnings (a confirmation key made up for this process, say) would load it before the
 * first `tools/list` answer: records below `error` are held until then (at most HELD_AT_MOST_MS, and
 * always written on exit) and keep the time they were logged. Errors are written at once.
 */
export function createLogger(level: LoggerLevel): Logger {
  let logger: Pino.Logger | undefined;
  let held: { method: Method; data: Record<string, unknown>; message: string; time: number }[] | undefined;
  /** The time of the record being written (a held one's own), read by pino's timestamp. */
  let stamp: number | undefined;
  const open = (): Pino.Logger => {
    logger ??= openPino(level, () => stamp ?? Date.now());
    return logger;
  };
  const writeHeld = () => {
    const records = held ?? [];
    held = undefined;
    process.off('exit', writeHeld);
    for (const { method, data, message, time } of records) {
      stamp = time;
      open()[method](data, message);
    }
    stamp = undefined;
  };
  const hold = (method: Method, data: Record<string, unknown>, message: string) => {
    if (held === undefined) {
      held = [];
      afterFirstListing(writeHeld, { first: true });
      setTimeout(writeHeld, HELD_AT_MOST_MS).unref();
      process.on('exit', writeHeld);
    }
    held.push({ method, data, message, time: Date.now() });
  };
  const at =
    (method: Method) =>
    (data: Record<string, unknown>, message: string): void => {
      if (RANK[method] < RANK[level]) return;
      if (logger === undefined && method !== 'error' && !firstListingDone()) {
        hold(method, data, message);
        return;
      }
      if (held !== undefined) writeHeld();
      open()[method](data, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function openPino(level: LoggerLevel, now: () => number): Pino.Logger {
  const { pino } = createRequire(import.meta.url)('pino') as { pino: typeof Pino };
  return pino(
    { name: 'mcp-xdr', level, timestamp: () => `,"time":${now()}` },
    pino.destination({ fd: 2, sync: true }),
  );
}

const ignore = (): void => {};
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
