import { createReadStream } from 'node:fs';
import { type ChainHead, checkRecord, EMPTY_CHAIN } from './record.js';

export type AuditVerification =
  | { ok: true; records: number; head: ChainHead }
  | { ok: false; line: number; reason: string };

/**
 * A record's place in the chain, kept outside the file (`mcp-xdr audit anchor`): the file must still
 * hold this record, so lines cut off the end, or a rewritten chain, are found.
 */
export type AuditAnchor = ChainHead;

/** `SEQ:HASH` as `audit anchor` prints it; undefined when malformed. */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const match = /^([0-9]{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { seq: Number(match[1]), hash: match[2] };
}

export function formatAnchor(anchor: AuditAnchor): string {
  return `${anchor.seq}:${anchor.hash}`;
}

/**
 * Walks a hash-chained audit file and names the first line that breaks the chain: an edited line
 * fails its own hash; a deleted, inserted or moved line breaks the seq/prev link. Reads the file as
 * a stream, so large files are fine. Cutting lines off the end is not detectable from the file
 * alone: given an anchor kept elsewhere, the file must still reach it and agree with it.
 */
export async function verifyAuditFile(path: string, anchor?: AuditAnchor): Promise<AuditVerification> {
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
    if (anchor !== undefined && head.seq === anchor.seq && head.hash !== anchor.hash) {
      return {
        ok: false,
        line: lineNumber,
        reason: `record seq ${anchor.seq} is not the anchored one (hash ${anchor.hash.slice(0, 12)}…): the chain was rewritten`,
      };
    }
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
  if (anchor !== undefined && head.seq < anchor.seq) {
    return {
      ok: false,
      line: lineNumber + 1,
      reason: `the file ends at seq ${head.seq}, before the anchored seq ${anchor.seq}: records were cut off the end`,
    };
  }
  return { ok: true, records: lineNumber, head: { seq: head.seq, hash: head.hash } };
}
