import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultOutcome } from './faults.js';
import { inflateBody } from './faults.js';
import type { EmuResponse } from './routing.js';

export interface WriteOptions {
  /** A response-shaping fault: stall, malformed JSON or oversized. */
  fault?: FaultOutcome;
  /** Runs `finish` after `ms`, unless the emulator stops first (the server owns the timer). */
  schedule?(finish: () => void, ms: number): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Serialises an EmuResponse; response-shaping faults bend the bytes on the way out. */
export function writeResponse(res: ServerResponse, response: EmuResponse, options: WriteOptions = {}): void {
  const fault = options.fault;
  let body = response.body;
  if (fault?.kind === 'oversized') body = inflateBody(body, fault.bytes);
  const headers: Record<string, string> = { ...response.headers };
  if (body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  let text = JSON.stringify(body);
  if (fault?.kind === 'malformedJson') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  const bytes = Buffer.from(text, 'utf8');
  headers['Content-Type'] ??= JSON_TYPE;
  if (fault?.kind === 'stall') {
    // Announce the whole length, send half: the client waits for bytes that come late or never.
    res.writeHead(response.status, { ...headers, 'Content-Length': String(bytes.length) });
    const half = Math.floor(bytes.length / 2);
    res.write(bytes.subarray(0, half));
    if (fault.ms !== undefined) options.schedule?.(() => res.end(bytes.subarray(half)), fault.ms);
    return;
  }
  res.writeHead(response.status, { ...headers, 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

/**
 * Sends a TCP RST instead of a response. A TLS socket's own handle cannot reset; the TCP socket it
 * wraps (`_parent`, Node's name for it) can.
 */
export function resetConnection(res: ServerResponse): void {
  const socket = res.socket as (Socket & { _parent?: Socket }) | null;
  const tcp = socket?._parent ?? socket;
  try {
    tcp?.resetAndDestroy();
  } catch {
    socket?.destroy();
  }
}
