import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { APPROVAL_RETENTION_MS, type ApprovalRecord } from '../approvals/approval-record.js';
import { type Approvals, approversNeeded } from '../approvals/approvals.js';
import { redactSecrets } from '../audit/redact.js';
import { ToolError } from '../errors.js';
import type { Preview } from '../preview.js';
import type { StateStore } from '../state/store.js';
import type { ToolCall } from '../types.js';
import { bindingDigests, type TokenBinding } from './confirmation-token.js';
import { describeChange } from './human-approval.js';
import { PreviewBases } from './stale-preview.js';

/**
 * Approval through the console, for clients that cannot show a form (or when the operator wants four
 * eyes): the confirmed call becomes a pending request and the caller gets `approval_pending`; the
 * retry with `approvalId` runs once, when approved, for exactly the same call.
 */
export class ConsoleApproval {
  readonly #bases: PreviewBases;

  constructor(
    private readonly approvals: Approvals,
    store: StateStore,
  ) {
    // The preview the approver saw is checked again at the retry, as a token's is.
    this.#bases = new PreviewBases(store, approvals.config.expirySeconds * 1000 + APPROVAL_RETENTION_MS);
  }

  async request(call: ToolCall, binding: TokenBinding, preview: Preview): Promise<CallToolResult> {
    const record = await this.approvals.pending.create({
      tool: call.tool.name,
      toolTitle: call.tool.title,
      binding: bindingDigests(binding),
      args: redactSecrets(binding.args),
      tenant: binding.tenant ?? null,
      requester: actorOf(call),
      preview,
      callId: call.callId,
      approversNeeded: approversNeeded(this.approvals.config, call.tool.name),
    });
    await this.#bases.remember(basisKey(record.id), preview);
    call.notes.phase = 'approval_pending';
    call.notes.approval = `pending ${record.id}`;
    this.approvals.requested(record);
    return pendingResult(call, record, this.approvals.consoleUrl());
  }

  /** The retry: claims the approval (single use), then refuses a stale preview like a token would. */
  async redeem(call: ToolCall, binding: TokenBinding, preview: () => Promise<Preview>): Promise<void> {
    if (call.confirmationToken !== undefined) {
      throw new ToolError(
        'validation_error',
        'Send approvalId or confirmationToken, not both. Nothing was done.',
        {
          hint: 'After approval_pending, call again with the same arguments and approvalId only.',
        },
      );
    }
    const id = call.approvalId as string;
    const record = await this.approvals.pending.claim(id, bindingDigests(binding), call.callId);
    await this.#bases.confirm(call, basisKey(id), preview);
    const approvers = record.approvals.map((given) => given.by.id).join(', ');
    call.notes.approval = `console ${record.id} approved by ${approvers}`;
  }
}

function basisKey(id: string): string {
  return `approval:${id}`;
}

function actorOf(call: ToolCall) {
  const { principal } = call.ctx;
  return principal.displayName === undefined
    ? { id: principal.id }
    : { id: principal.id, displayName: principal.displayName };
}

function pendingResult(
  call: ToolCall,
  record: ApprovalRecord,
  consoleUrl: string | undefined,
): CallToolResult {
  const where = consoleUrl === undefined ? 'the approval console' : `the approval console at ${consoleUrl}`;
  const who =
    record.approversNeeded === 2
      ? 'Two people who may approve (neither of them the requester)'
      : 'A person who may approve (not the requester)';
  const expiresAt = new Date(record.expiresAt).toISOString();
  const lines = [
    `Nothing has changed yet: ${call.tool.name} is waiting for approval (request ${record.id}).`,
    record.preview.summary,
    ...record.preview.changes.map((change) => `- ${describeChange(change)}`),
    ...(record.preview.warnings ?? []).map((warning) => `Warning: ${warning}`),
    '',
    `${who} must approve request ${record.id} in ${where}. Tell the person so; do not guess a login.`,
    `Once approved, call ${call.tool.name} again with the same arguments plus "approvalId": "${record.id}" ` +
      `(and no confirmationToken) before ${expiresAt}. It runs once, only for these arguments, this tenant ` +
      'and this caller; a denied or expired request is refused.',
  ];
  return {
    content: [{ type: 'text', text: lines.join('\n') }],
    structuredContent: {
      phase: 'approval_pending',
      preview: record.preview,
      approval: {
        id: record.id,
        status: record.status,
        approversNeeded: record.approversNeeded,
        expiresAt,
        ...(consoleUrl === undefined ? {} : { consoleUrl }),
      },
    },
  };
}
