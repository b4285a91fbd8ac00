import { resolve } from 'node:path';
import type { AuditConfig } from '../config/schema.js';
import { appendLine, openAuditFile } from './file.js';
import { type AuditEntry, type ChainHead, chainEntry, EMPTY_CHAIN } from './record.js';

export interface AuditLogOptions {
  /** Hears about problems an operator must fix (a too-open file, a file that cannot be resumed). */
  warn: (message: string) => void;
  /** Where stderr lines go (tests capture them). */
  stderr?: (line: string) => void;
}

/**
 * The hash-chained audit log: JSON lines to a file and/or stderr. Appends are serialised, so the
 * chain has one order; the head only moves once a line is written, so a failed write leaves no gap.
 */
export class AuditLog {
  #head: ChainHead;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #file: string | undefined;
  readonly #stderr: ((line: string) => void) | undefined;
  /** Why the file cannot be used at all (found at open); every append then fails with it. */
  readonly #unusable: string | undefined;

  constructor(config: AuditConfig, options: AuditLogOptions) {
    this.#file = config.file === undefined ? undefined : resolve(config.file);
    this.#stderr = config.stderr ? (options.stderr ?? ((line) => process.stderr.write(line))) : undefined;
    let head = EMPTY_CHAIN;
    let unusable: string | undefined;
    if (this.#file !== undefined) {
      try {
        head = openAuditFile(this.#file, options.warn);
      } catch (error) {
        unusable = `audit file ${this.#file} cannot be used: ${(error as Error).message}`;
        options.warn(`${unusable}. Write and destructive tools are refused until it is fixed.`);
      }
    }
    this.#head = head;
    this.#unusable = unusable;
  }

  get head(): ChainHead {
    return this.#head;
  }

  /** Resolves once the line is written everywhere configured; rejects (and writes nothing) otherwise. */
  append(entry: AuditEntry, options: { durable: boolean }): Promise<void> {
    const write = this.#queue.then(() => this.#write(entry, options.durable));
    this.#queue = write.catch(() => undefined);
    return write;
  }

  async #write(entry: AuditEntry, durable: boolean): Promise<void> {
    if (this.#unusable !== undefined) throw new Error(this.#unusable);
    const { line, head } = chainEntry(this.#head, entry);
    if (this.#file !== undefined) await appendLine(this.#file, line, durable);
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
