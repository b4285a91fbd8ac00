import { upstreamMessageOf } from '../../defender/errors.js';
import { Fence } from '../../defender/fence.js';
import { isToolError, ToolError } from '../../kernel/errors.js';

/** The most of the service's own message passed on: enough for a parse error and its position. */
export const SERVICE_MESSAGE_MAX = 600;

/**
 * A 400 from the service means it refused a query our parser accepted (a function or operator the
 * service does not offer here, a limit, a semantic rule the local check does not know). The service
 * says precisely why, so its message is passed on: escaped, fenced as untrusted text (it may quote
 * the query, or data), and cut to a length.
 */
export function refusedByService(error: unknown, tenantKey: string): unknown {
  if (!isToolError(error) || error.code !== 'validation_error' || error.details?.status !== 400) return error;
  const message = upstreamMessageOf(error);
  const said =
    message === undefined
      ? ' It gave no reason.'
      : ` It said:\n${new Fence().wrap(cut(message), 'service-message')}`;
  return new ToolError(
    'validation_error',
    `Advanced hunting (tenant "${tenantKey}") refused the query, which passed the local syntax and schema check.${said}`,
    {
      details: error.details,
      hint:
        'Fix what the service names; otherwise simplify the query (common operators, narrower with take or summarize): ' +
        'it may use a function or plugin the service does not offer, or hit a limit (100,000 rows, result size, run time).',
    },
  );
}

function cut(text: string): string {
  const chars = [...text];
  return chars.length <= SERVICE_MESSAGE_MAX
    ? text
    : `${chars.slice(0, SERVICE_MESSAGE_MAX).join('')}… (cut)`;
}
