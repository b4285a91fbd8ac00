import type { AuditLog } from '../audit/log.js';
import type { ApprovalEventEntry } from '../audit/record.js';
import { redactText } from '../audit/redact.js';
import type { Clock } from '../tokens.js';
import type { ApprovalRecord } from './approval-record.js';

type Extra = Pick<ApprovalEventEntry, 'actor' | 'reason' | 'callId'>;

/**
 * Writes each step of an approval's life (and each flip of the kill switch) into the audit chain,
 * durably: a decision nobody can later find is worse than a refused one.
 */
export class ApprovalEvents {
  constructor(
    private readonly log: AuditLog,
    private readonly clock: Clock,
  ) {}

  record(record: ApprovalRecord, event: ApprovalEventEntry['event'], extra: Extra): Promise<void> {
    return this.#append({
      event,
      approvalId: record.id,
      tool: record.tool,
      tenant: record.tenant,
      requester: record.requester.id,
      status: record.status,
      ...extra,
    });
  }

  killSwitch(on: boolean, actor: string, reason: string): Promise<void> {
    return this.#append({ event: on ? 'kill_switch_on' : 'kill_switch_off', actor, reason });
  }

  #append(fields: Omit<ApprovalEventEntry, 'time' | 'kind'>): Promise<void> {
    const reason = fields.reason === undefined ? {} : { reason: redactText(fields.reason) };
    const entry: ApprovalEventEntry = {
      time: new Date(this.clock.now()).toISOString(),
      kind: 'approval',
      ...fields,
      ...reason,
    };
    return this.log.append(entry, { durable: true });
  }
}
