import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Approvals } from '../approvals/approvals.js';
import type { ApprovalConfig, PolicyConfig } from '../config/schema.js';
import { changesOnly } from '../pipeline.js';
import type { Preview } from '../preview.js';
import type { StateStore } from '../state/store.js';
import type { Clock } from '../tokens.js';
import type { ToolCall, ToolMiddleware } from '../types.js';
import { ConfirmationTokens, resolveConfirmationSecret, type TokenBinding } from './confirmation-token.js';
import { ConsoleApproval } from './console-approval.js';
import { describeChange, requireHumanApproval } from './human-approval.js';
import { basisNote, PreviewBases } from './stale-preview.js';
import { withDeadline } from './timeout.js';

export interface ConfirmationOptions {
  policy: Pick<PolicyConfig, 'confirmation' | 'timeouts'> & {
    approval: Pick<ApprovalConfig, 'timeoutSeconds' | 'dangerouslySkipHumanApproval'>;
  };
  store: StateStore;
  clock: Clock;
  /** Receives the one-time warning about a per-process signing key. */
  warn: (message: string) => void;
  /** Whether any enabled tool is above `read`; without one no token is ever issued, so no warning. */
  confirmsCalls?: boolean;
  /** The approval console's side; without it destructive calls are approved by elicitation only. */
  approvals?: Approvals;
}

/**
 * Two phases for write and destructive tools. Without a token: run preview() and hand back a
 * single-use token bound to exactly this call. With a token: redeem it, then (destructive tools) ask
 * a human, then run. Read tools pass through untouched. A preview that reports the live state it
 * read (`basis`) is checked against a fresh one at execute (see stale-preview.ts).
 */
export function confirmationMiddleware(options: ConfirmationOptions): ToolMiddleware {
  const { policy, store, clock, warn, confirmsCalls = true, approvals } = options;
  const secret = resolveConfirmationSecret(policy.confirmation.secretEnv, confirmsCalls ? warn : undefined);
  const tokens = new ConfirmationTokens(secret, store, clock, policy.confirmation.ttlSeconds);
  const bases = new PreviewBases(store, policy.confirmation.ttlSeconds * 1000);
  const consoleApproval = approvals === undefined ? undefined : new ConsoleApproval(approvals, store);

  return changesOnly(async (call, next) => {
    if (call.tool.tier === 'read') return next();
    const binding = bindingOf(call);
    // Previews read live state too: they get the tool's deadline, like the tool itself.
    const preview = () => withDeadline(call, policy, () => call.preview());
    if (call.approvalId !== undefined && consoleApproval !== undefined) {
      // The retry after approval_pending: the approval record is the binding (the token is spent).
      await consoleApproval.redeem(call, binding, preview);
      call.notes.phase = 'executed';
      return next();
    }
    if (call.confirmationToken === undefined) {
      const shown = await preview();
      call.notes.phase = 'preview';
      const confirmation = tokens.issue(binding);
      await bases.remember(confirmation.token, shown);
      return previewResult(call, shown, confirmation);
    }
    await tokens.redeem(call.confirmationToken, binding);
    // A preview bound to live state is checked against a fresh one (stale_preview when it moved).
    const fresh = await bases.confirm(call, call.confirmationToken, preview);
    if (call.tool.tier === 'destructive') {
      if (policy.approval.dangerouslySkipHumanApproval) call.notes.approval = 'skipped (lab opt-out)';
      else if (consoleApproval !== undefined && approvals?.viaConsole(call)) {
        return consoleApproval.request(call, binding, fresh ?? (await preview()));
      } else
        await requireHumanApproval(call, fresh ? async () => fresh : preview, policy.approval.timeoutSeconds);
    }
    call.notes.phase = 'executed';
    return next();
  });
}

function bindingOf(call: ToolCall): TokenBinding {
  if (call.args === undefined) {
    // Binding raw arguments would let "same meaning, different spelling" slip through: fail loudly.
    throw new Error('confirmation runs after validation: call.args is not set');
  }
  // The resolved tenant: a token previewed with `tenant` omitted also redeems with the default's key.
  const tenant = call.ctx.tenants[0];
  return { tool: call.tool.name, args: call.args, tenant, principal: call.ctx.principal.id };
}

function previewResult(call: ToolCall, preview: Preview, confirmation: { token: string; expiresAt: string }) {
  const lines = [
    'Preview only: nothing has changed yet.',
    preview.summary,
    ...preview.changes.map((change) => `- ${describeChange(change)}`),
    ...(preview.warnings ?? []).map((warning) => `Warning: ${warning}`),
    ...basisNote(preview),
    '',
    `To apply exactly this, call ${call.tool.name} again with the same arguments plus ` +
      `"confirmationToken": "${confirmation.token}" before ${confirmation.expiresAt}. ` +
      'The token works once, only for these arguments, this tenant and this caller.',
  ];
  if (call.tool.tier === 'destructive') {
    lines.push(
      'This action is destructive: a person will then be asked to approve it (in the client, or in the approval console).',
    );
  }
  const result: CallToolResult = {
    content: [{ type: 'text', text: lines.join('\n') }],
    structuredContent: { phase: 'preview', preview, confirmation },
  };
  return result;
}
