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
 * The hash-chained audit log: JSON lines to a file and/or stderr. Lines are chained as they are
 * appended, so the chain has exactly the order of the calls. Records of changes (intent, outcome)
 * are written synchronously, after any batched lines; read records (`call`) are batched: written
 * together once the current turn of the event loop is over (one write for all the calls that ended
 * in it), and the append resolves then. Pending lines are written on process exit too. A failed
 * write moves the head back to the last written line, so it leaves no gap (the lost read records
 * are reported through `warn`).
 */
export class AuditLog {
  /** The head including batched lines not yet written. */
  #head: ChainHead;
  /** The head of what is written. */
  #written: ChainHead;
  #batch: { lines: string[]; done: Promise<void>; settle(error?: unknown): void } | undefined;
  readonly #warn: (message: string) => void;
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
    this.#written = this.#head;
    this.#warn = options.warn;
  }

  get head(): ChainHead {
    return this.#head;
  }

  /** Whether records go anywhere (a file, even an unusable one, or stderr): else there is nothing to build. */
  get enabled(): boolean {
    return this.#file !== undefined || this.#stderr !== undefined || this.#unusable !== undefined;
  }

  /**
   * Resolves once the line is written everywhere configured (and, when `durable`, has reached the
   * disk); rejects, having moved nothing, when it cannot be written. A read record (`call`, not
   * durable) is written with the others of this turn of the event loop.
   */
  append(entry: AuditLine, options: { durable: boolean }): Promise<void> {
    if (this.#unusable !== undefined) return Promise.reject(new Error(this.#unusable));
    if (entry.kind === 'call' && !options.durable) return this.#batched(entry);
    try {
      this.flush();
      this.#write(chainEntry(this.#head, entry), 0);
    } catch (error) {
      return Promise.reject(error);
    }
    return options.durable && this.#file !== undefined ? flushAuditFile(this.#file) : Promise.resolve();
  }

  /** Writes the batched lines now (before a change's record, on exit, on close). Never throws. */
  flush(): void {
    const batch = this.#batch;
    if (batch === undefined) return;
    this.#batch = undefined;
    pending.delete(this);
    try {
      this.#write({ line: batch.lines.join(''), head: this.#head }, this.#readPathCheckMs);
      batch.settle();
    } catch (error) {
      this.#head = this.#written;
      this.#warn(
        `${batch.lines.length} read audit record(s) not written: ${error instanceof Error ? error.message : error}`,
      );
      batch.settle(error);
    }
  }

  #batched(entry: AuditLine): Promise<void> {
    const chained = chainEntry(this.#head, entry);
    this.#head = chained.head;
    if (this.#batch === undefined) {
      let settle: (error?: unknown) => void = () => {};
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error));
      });
      this.#batch = { lines: [], done, settle };
      pending.add(this);
      watchExit();
      setImmediate(() => this.flush());
    }
    this.#batch.lines.push(chained.line);
    return this.#batch.done;
  }

  /** Writes lines (one record, or a batch) whose chain ends at `head`; moves `#written` there. */
  #write({ line, head }: { line: string; head: ChainHead }, checkPathWithinMs: number): void {
    if (this.#unusable !== undefined) throw new Error(this.#unusable);
    if (this.#file !== undefined) {
      try {
        appendToAuditFile(this.#file, line, checkPathWithinMs);
      } catch (error) {
        if (error instanceof CutShortError) this.#unusable = error.message;
        throw error;
      }
    }
    this.#stderr?.(line);
    this.#head = head;
    this.#written = head;
  }
}

/** Logs with batched lines: written on exit (a clean end, or SIGTERM handled by the CLI, which exits). */
const pending = new Set<AuditLog>();
let watchingExit = false;

function watchExit(): void {
  if (watchingExit) return;
  watchingExit = true;
  process.on('exit', flushAuditLogs);
}

/** Writes every log's batched lines now (synchronously). */
export function flushAuditLogs(): void {
  for (const log of [...pending]) log.flush();
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
