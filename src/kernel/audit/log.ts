import { resolve } from 'node:path';
import type { AuditConfig } from '../config/schema.js';
import { type AuditFile, appendToAuditFile, CutShortError, flushAuditFile, openAuditFile } from './file.js';
import { type AuditLine, type ChainHead, chainEntry, EMPTY_CHAIN } from './record.js';

export interface AuditLogOptions {
  /** Hears about problems an operator must fix (a too-open file, a file that cannot be resumed). */
  warn: (message: string) => void;
  /** Where stderr lines go (tests capture them). */
  stderr?: (line: string) => void;
  /**
   * How recent a check that the file is still at its path a read's `call` record may rely on
   * (intent and outcome records of changes always check). Default READ_PATH_CHECK_MS.
   */
  readPathCheckMs?: number;
}

/** A removed or replaced audit file is noticed by the first read record this long after it. */
export const READ_PATH_CHECK_MS = 250;

/**
 * The hash-chained audit log: JSON lines to a file and/or stderr. Lines are written synchronously,
 * so the chain has exactly the order of the calls; the head only moves once a line is written, so a
 * failed write leaves no gap.
 */
export class AuditLog {
  #head: ChainHead;
  readonly #file: AuditFile | undefined;
  readonly #stderr: ((line: string) => void) | undefined;
  /** Why the file cannot be used (found at open, or a cut-short write); every append then fails. */
  #unusable: string | undefined;
  readonly #readPathCheckMs: number;

  constructor(config: AuditConfig, options: AuditLogOptions) {
    this.#stderr = config.stderr ? (options.stderr ?? ((line) => process.stderr.write(line))) : undefined;
    this.#readPathCheckMs = options.readPathCheckMs ?? READ_PATH_CHECK_MS;
    if (config.file !== undefined) {
      const path = resolve(config.file);
      try {
        this.#file = openAuditFile(path, options.warn);
      } catch (error) {
        this.#unusable = `audit file ${path} cannot be used: ${(error as Error).message}`;
        options.warn(`${this.#unusable}. Write and destructive tools are refused until it is fixed.`);
      }
    }
    this.#head = this.#file?.head ?? EMPTY_CHAIN;
  }

  get head(): ChainHead {
    return this.#head;
  }

  /**
   * Resolves once the line is written everywhere configured (and, when `durable`, has reached the
   * disk); rejects, having moved nothing, when it cannot be written.
   */
  append(entry: AuditLine, options: { durable: boolean }): Promise<void> {
    try {
      this.#write(entry);
    } catch (error) {
      return Promise.reject(error);
    }
    return options.durable && this.#file !== undefined ? flushAuditFile(this.#file) : Promise.resolve();
  }

  #write(entry: AuditLine): void {
    if (this.#unusable !== undefined) throw new Error(this.#unusable);
    const { line, head } = chainEntry(this.#head, entry);
    if (this.#file !== undefined) {
      try {
        appendToAuditFile(this.#file, line, entry.kind === 'call' ? this.#readPathCheckMs : 0);
      } catch (error) {
        if (error instanceof CutShortError) this.#unusable = error.message;
        throw error;
      }
    }
    this.#stderr?.(line);
    this.#head = head;
  }
}

const shared = new Map<string, { log: AuditLog; stderr: boolean }>();

/**
 * One log per destination per process: every server instance (one per HTTP session) appends to the
 * same chain instead of forking it from the same head.
 */
export function sharedAuditLog(config: AuditConfig, options: AuditLogOptions): AuditLog {
  // Without a file there is nothing to fork on disk: stderr-only logs are keyed by their setting.
  const key = config.file === undefined ? `<stderr: ${config.stderr}>` : resolve(config.file);
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = { log: new AuditLog(config, options), stderr: config.stderr };
    shared.set(key, entry);
  } else if (entry.stderr !== config.stderr) {
    throw new Error(`the audit log ${key} is already open with audit.stderr = ${entry.stderr}`);
  }
  return entry.log;
}
