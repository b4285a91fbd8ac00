import { createReadStream } from 'node:fs';
import { type ChainHead, checkRecord, EMPTY_CHAIN } from './record.js';

export type AuditVerification = { ok: true; records: number } | { ok: false; line: number; reason: string };

/**
 * Walks a hash-chained audit file and names the first line that breaks the chain: an edited line
 * fails its own hash; a deleted, inserted or moved line breaks the seq/prev link. Reads the file as
 * a stream, so large files are fine. (Cutting lines off the end is not detectable from the file
 * alone: compare the head with a copy kept elsewhere.)
 */
export async function verifyAuditFile(path: string): Promise<AuditVerification> {
  let head: ChainHead = EMPTY_CHAIN;
  let lineNumber = 0;
  let pending = Buffer.alloc(0);

  const check = (bytes: Buffer): AuditVerification | undefined => {
    lineNumber += 1;
    const text = bytes.toString('utf8');
    if (text.trim() === '') return { ok: false, line: lineNumber, reason: 'empty line' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, line: lineNumber, reason: 'not valid JSON' };
    }
    const problem = checkRecord(parsed, head);
    if (problem !== undefined) return { ok: false, line: lineNumber, reason: problem };
    head = parsed as ChainHead;
    return undefined;
  };

  for await (const chunk of createReadStream(path)) {
    pending = Buffer.concat([pending, chunk as Buffer]);
    let newline = pending.indexOf(0x0a);
    while (newline >= 0) {
      const failure = check(pending.subarray(0, newline));
      if (failure !== undefined) return failure;
      pending = pending.subarray(newline + 1);
      newline = pending.indexOf(0x0a);
    }
  }
  if (pending.length > 0) {
    return { ok: false, line: lineNumber + 1, reason: 'the last line is incomplete (no newline at the end)' };
  }
  return { ok: true, records: lineNumber };
}
