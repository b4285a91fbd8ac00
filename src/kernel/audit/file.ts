import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ChainHead, checkRecord, EMPTY_CHAIN } from './record.js';

const CHUNK = 64 * 1024;

/** The audit file is readable by its owner only: it names people, tenants and what they did. */
const FILE_MODE = 0o600;

/**
 * Creates the audit file if absent (mode 0600) and reads the chain head from its last line, so the
 * chain continues across restarts. Throws, naming the problem, when the file cannot be opened or its
 * last line is damaged: nothing is repaired silently. `warn` hears about a too-open existing file.
 */
export function openAuditFile(path: string, warn: (message: string) => void): ChainHead {
  const fd = openSync(path, constants.O_RDONLY | constants.O_CREAT, FILE_MODE);
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      warn(`audit file ${path} has mode ${mode}: others can read or change it; restrict it to 0600`);
    }
    if (!stat.isFile() || stat.size === 0) return EMPTY_CHAIN;
    const last = readLastLine(fd, stat.size);
    if (last === undefined) {
      throw new Error(`the last line of ${path} is incomplete (a write was cut short)`);
    }
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
  } finally {
    closeSync(fd);
  }
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

/**
 * Appends one line. Opens without O_CREAT on purpose: if the file was removed or replaced by
 * something unopenable, that is an outage to report, not a reason to start an unchained new file.
 * `durable` waits for the data to reach the disk (intent records, before a change is made).
 */
export async function appendLine(path: string, line: string, durable: boolean): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
  try {
    await handle.appendFile(line, 'utf8');
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
}
