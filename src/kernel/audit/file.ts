import { constants, fdatasync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { type ChainHead, checkRecord, EMPTY_CHAIN } from './record.js';

const CHUNK = 64 * 1024;
const datasync = promisify(fdatasync);

/** The audit file is readable by its owner only: it names people, tenants and what they did. */
const FILE_MODE = 0o600;

/** An open audit file: appended to through one descriptor, and checked to still be at its path. */
export interface AuditFile {
  readonly path: string;
  readonly fd: number;
  readonly dev: number;
  readonly ino: number;
  /** The last record found at open: the chain continues from it. */
  readonly head: ChainHead;
  /** When (performance.now()) the path was last found to lead to this file; -Infinity = check next time. */
  pathCheckedAt: number;
  /** Lines appended since that check, without one of their own. */
  uncheckedLines: number;
}

/**
 * Opens (creating it with mode 0600 if absent) the audit file and reads the chain head from its
 * last line, so the chain continues across restarts. Throws, naming the problem, when the file
 * cannot be opened or its last line is damaged: nothing is repaired silently. `warn` hears about an
 * existing file that others may read or change (reported, not changed).
 */
export function openAuditFile(path: string, warn: (message: string) => void): AuditFile {
  const fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, FILE_MODE);
  const stat = fstatSync(fd);
  if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
    warn(`audit file ${path} has mode ${mode}: others can read or change it; restrict it to 0600`);
  }
  const head = stat.isFile() && stat.size > 0 ? lastHead(fd, stat.size, path) : EMPTY_CHAIN;
  return {
    path,
    fd,
    dev: stat.dev,
    ino: stat.ino,
    head,
    pathCheckedAt: performance.now(),
    uncheckedLines: 0,
  };
}

/**
 * Appends one line, synchronously: a small write to the page cache costs less than a trip through
 * the thread pool, and the chain's order is simply the order of calls. Refuses when the path no
 * longer leads to the opened file (removed, moved or replaced): records written to an unlinked
 * file would be lost, and a silently re-created file would start an unchained history.
 *
 * That check is a stat of the path. `checkPathWithinMs` lets a line rely on a check that recent
 * instead (read records: the stat was a fifth of their cost); 0 = check now (the intent and outcome
 * of a change, always). A failed check is never relied on: the next line checks again.
 */
export function appendToAuditFile(file: AuditFile, line: string, checkPathWithinMs = 0): void {
  const now = performance.now();
  if (now - file.pathCheckedAt >= checkPathWithinMs) {
    file.pathCheckedAt = Number.NEGATIVE_INFINITY;
    checkPath(file);
    file.pathCheckedAt = now;
    file.uncheckedLines = 0;
  } else {
    file.uncheckedLines += 1;
  }
  const bytes = Buffer.from(line, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(file.fd, bytes, written);
  } catch (error) {
    if (written > 0) throw new CutShortError(file.path, error);
    throw error;
  }
}

function checkPath(file: AuditFile): void {
  const current = statSync(file.path, { throwIfNoEntry: false });
  const problem =
    current === undefined
      ? 'was removed'
      : current.ino !== file.ino || current.dev !== file.dev
        ? 'was replaced by another file'
        : undefined;
  if (problem === undefined) return;
  // Lines appended since the last good check went to the open file, wherever it is now: say so once.
  const unchecked =
    file.uncheckedLines === 0
      ? ''
      : `; the ${file.uncheckedLines} record(s) before this one, written since the previous check, are in the file that was at this path`;
  file.uncheckedLines = 0;
  throw new Error(`audit file ${file.path} ${problem}${unchecked}`);
}

/** Waits until what was appended has reached the disk. */
export function flushAuditFile(file: AuditFile): Promise<void> {
  return datasync(file.fd);
}

/** Part of a line reached the file: the chain cannot continue from it without an operator. */
export class CutShortError extends Error {
  constructor(path: string, cause: unknown) {
    super(`a write to audit file ${path} was cut short (${(cause as Error).message})`, { cause });
  }
}

function lastHead(fd: number, size: number, path: string): ChainHead {
  const last = readLastLine(fd, size);
  if (last === undefined) throw new Error(`the last line of ${path} is incomplete (a write was cut short)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`the last line of ${path} is not JSON`);
  }
  const problem = checkRecord(parsed, undefined);
  if (problem !== undefined) throw new Error(`the last line of ${path} is damaged: ${problem}`);
  const { seq, hash } = parsed as ChainHead;
  return { seq, hash };
}

/** The last newline-terminated line (without the newline), or undefined if the file does not end in one. */
function readLastLine(fd: number, size: number): string | undefined {
  const chunks: Buffer[] = [];
  let end = size;
  let skippedFinalNewline = false;
  while (end > 0) {
    const start = Math.max(0, end - CHUNK);
    const chunk = Buffer.alloc(end - start);
    readSync(fd, chunk, 0, chunk.length, start);
    let body = chunk;
    if (!skippedFinalNewline) {
      if (body.at(-1) !== 0x0a) return undefined;
      body = body.subarray(0, -1);
      skippedFinalNewline = true;
    }
    const newline = body.lastIndexOf(0x0a);
    if (newline >= 0) {
      chunks.unshift(body.subarray(newline + 1));
      break;
    }
    chunks.unshift(body);
    end = start;
  }
  return Buffer.concat(chunks).toString('utf8');
}
