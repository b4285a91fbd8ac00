import { isToolError, ToolError } from '../errors.js';
import type { Preview } from '../preview.js';
import type { ElicitRequest, ElicitResponse, ToolCall } from '../types.js';

const NOTHING_DONE = 'Nothing was done.';
const OPERATOR_HINT =
  'Ask the person to repeat the request from an MCP client that supports form elicitation (for example ' +
  "Claude Code) and approve it there, or ask an operator to set policy.approval.mode to 'auto' so such " +
  "calls wait for the approval console instead. policy.maxTier 'write' stops offering destructive tools.";

/**
 * Asks a human, through MCP form elicitation, to approve exactly what a destructive call will do.
 * Anything but an explicit approval (decline, cancel, no answer in time, no capability) refuses.
 */
export async function requireHumanApproval(
  call: ToolCall,
  preview: () => Promise<Preview>,
  timeoutSeconds: number,
): Promise<void> {
  const { ctx, tool } = call;
  if (!ctx.canElicit) {
    throw new ToolError(
      'approval_required',
      `${tool.name} is destructive and needs a person to approve it, but this client cannot show an ` +
        `approval form (no MCP elicitation support). ${NOTHING_DONE}`,
      { hint: OPERATOR_HINT },
    );
  }
  // A fresh preview: the human approves the state as it is now, not as it was at preview time.
  const form = approvalForm(call, await preview());
  const response = await answerWithin(ctx.elicit(form), timeoutSeconds, ctx.signal);
  if (response === 'timeout') {
    throw new ToolError(
      'approval_required',
      `Nobody approved ${tool.name} within ${timeoutSeconds} s. ${NOTHING_DONE}`,
      { hint: 'Preview again and approve the form when it appears.' },
    );
  }
  if (response.action === 'accept' && response.content?.approve === true) {
    call.notes.approval = 'approved';
    return;
  }
  if (response.action === 'cancel') {
    throw new ToolError(
      'approval_required',
      `The approval form for ${tool.name} was dismissed. ${NOTHING_DONE}`,
      {
        hint: 'Preview again if the action is still wanted.',
      },
    );
  }
  throw new ToolError('approval_denied', `A person declined ${tool.name}. ${NOTHING_DONE}`, {
    hint: 'Do not retry unless the person asks for it again.',
  });
}

function approvalForm(call: ToolCall, preview: Preview): ElicitRequest {
  // The resolved key, so the person sees which customer it is, not "the default".
  const key = call.ctx.tenants[0];
  const tenant = key === undefined ? 'this deployment' : `tenant ${key}`;
  const lines = [
    `Approve a destructive action: ${call.tool.title} (${call.tool.name}) on ${tenant}?`,
    '',
    preview.summary,
    ...preview.changes.map((change) => `- ${describeChange(change)}`),
    ...(preview.warnings ?? []).map((warning) => `Warning: ${warning}`),
  ];
  return {
    message: lines.join('\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        approve: {
          type: 'boolean',
          title: 'Approve this action',
          description: 'Tick to run it now. Decline or leave unticked to stop it.',
          default: false,
        },
      },
      required: ['approve'],
    },
  };
}

export function describeChange(change: Preview['changes'][number]): string {
  const field = change.field === undefined ? '' : ` ${change.field}`;
  const from = change.from === undefined ? '' : ` from ${JSON.stringify(change.from)}`;
  const to = change.to === undefined ? '' : ` to ${JSON.stringify(change.to)}`;
  return `${change.target}${field}${from}${to}`;
}

/** The human's answer, or 'timeout'; a cancelled caller rejects with ToolError('cancelled'). */
function answerWithin(
  answer: Promise<ElicitResponse>,
  timeoutSeconds: number,
  signal: AbortSignal,
): Promise<ElicitResponse | 'timeout'> {
  return new Promise((resolve, reject) => {
    const onAbort = () =>
      finish(() => reject(new ToolError('cancelled', `The call was cancelled. ${NOTHING_DONE}`)));
    const timer = setTimeout(() => finish(() => resolve('timeout')), timeoutSeconds * 1000);
    function finish(settle: () => void) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle();
    }
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(
      (response) => finish(() => resolve(response)),
      (error: unknown) =>
        finish(() =>
          reject(
            isToolError(error)
              ? error
              : new ToolError('approval_required', `The approval form could not be shown. ${NOTHING_DONE}`, {
                  hint: OPERATOR_HINT,
                  cause: error,
                }),
          ),
        ),
    );
  });
}
