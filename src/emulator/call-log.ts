import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** One Graph/MDE request as the emulator received it: who called and with what credential. */
export interface CallRecord {
  method: string;
  path: string;
  status: number;
  /** The verified token's app id (azp/appid), when the bearer token was valid. */
  appId?: string;
  /** sha256 (hex) of the presented bearer token: tests compare without the log holding a token. */
  credentialSha256?: string;
  /** Lower-case names of the request's headers (an X-API-Key here would be a leak). */
  headerNames: string[];
}

const MAX_RECORDS = 2000;

export function credentialDigest(headers: IncomingHttpHeaders): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  return token === undefined ? undefined : createHash('sha256').update(token).digest('hex');
}

/** The last API calls (bounded), so a test can check what reached Microsoft's side. */
export class CallLog {
  readonly #records: CallRecord[] = [];

  add(record: CallRecord): void {
    this.#records.push(record);
    if (this.#records.length > MAX_RECORDS) this.#records.shift();
  }

  list(): readonly CallRecord[] {
    return [...this.#records];
  }

  clear(): void {
    this.#records.length = 0;
  }
}
