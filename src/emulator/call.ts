import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenIssuer } from './access-tokens.js';
import type { Directory } from './apps.js';
import type { CallLog } from './call-log.js';
import type { Counters } from './counters.js';
import { faultStatusResponse } from './fault-responses.js';
import type { FaultOutcome, Faults, FaultTarget, OtherWrite } from './faults.js';
import type { ManagedIdentityDeps } from './managed-identity.js';
import type { OwnApiAuthority } from './own-api/authority.js';
import type { Quotas } from './quotas.js';
import type { createRouter } from './router.js';
import type { EmuClock, EmuResponse } from './routing.js';

/** One HTTPS call as the dispatcher sees it, and what the server should do about it. */
export interface IncomingCall {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** `https://host:port` as the client addressed the emulator. */
  origin: string;
}

export type Outcome = { response: EmuResponse; fault?: FaultOutcome } | { reset: true };

export interface DispatchDeps {
  directory: Directory;
  issuer: TokenIssuer;
  clock: EmuClock;
  faults: Faults;
  quotas: Quotas;
  counters: Counters;
  /** Graph/MDE calls as received: who called, with which credential (digest). */
  calls: CallLog;
  /** Entra for mcp-xdr's own API (inbound authentication tests). */
  ownApi: OwnApiAuthority;
  router: ReturnType<typeof createRouter>;
  managedIdentity: Omit<ManagedIdentityDeps, 'issuer' | 'onTokenIssued'>;
  origins(): readonly string[];
  /** Aborted on stop, so injected latency does not hold the server open. */
  signal: AbortSignal;
  /** Applies an `otherWriter` fault to the record the request addresses. */
  otherWriter?: (target: FaultTarget, write: OtherWrite) => void;
}

export /** Applies the faults chosen for a call around its handler: latency, then an injected outcome or the real one. */
async function withFaults(
  deps: DispatchDeps,
  call: IncomingCall,
  target: FaultTarget,
  handler: () => Promise<EmuResponse>,
): Promise<Outcome> {
  const decision = deps.faults.decide(target);
  if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: deps.signal });
  if (decision.otherWrite) deps.otherWriter?.(target, decision.otherWrite);
  const outcome = decision.outcome;
  if (outcome?.kind === 'reset') return { reset: true };
  if (outcome?.kind === 'resetAfter') {
    await handler();
    return { reset: true };
  }
  if (outcome?.kind === 'status') {
    const context = { headers: call.headers, now: deps.clock.now() };
    return { response: faultStatusResponse(target, outcome.status, outcome.retryAfter, context) };
  }
  return { response: await handler(), fault: outcome };
}
