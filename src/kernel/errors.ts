/**
 * Errors that are safe to show the model. Anything thrown that is not a ToolError is internal:
 * the model gets a generic message and a correlation id, the audit log gets the (redacted) detail.
 */
export const TOOL_ERROR_CODES = [
  'validation_error',
  'not_found',
  'forbidden',
  'rate_limited',
  'confirmation_required',
  'stale_preview',
  'approval_required',
  'approval_denied',
  'timeout',
  'cancelled',
  'upstream_error',
  'unavailable',
  'audit_unavailable',
  'internal_error',
] as const;

export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

export interface ToolErrorOptions {
  /** Seconds the caller should wait before retrying (rate limits, upstream throttling). */
  retryAfter?: number;
  /** A short, actionable suggestion for the model or the operator. */
  hint?: string;
  /** Extra structured, non-secret detail (never raw upstream bodies). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Marks ToolErrors across module copies: a plugin that bundles or path-imports its own copy of the
 * kernel throws a ToolError of another class, which `instanceof` would call internal.
 */
const TOOL_ERROR_BRAND = Symbol.for('mcp-xdr.tool-error');

export class ToolError extends Error {
  override readonly name = 'ToolError';
  readonly [TOOL_ERROR_BRAND] = true;
  readonly code: ToolErrorCode;
  readonly retryAfter: number | undefined;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ToolErrorCode, message: string, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function isToolError(value: unknown): value is ToolError {
  return (
    value instanceof ToolError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { [TOOL_ERROR_BRAND]?: unknown })[TOOL_ERROR_BRAND] === true &&
      typeof (value as { code?: unknown }).code === 'string' &&
      (TOOL_ERROR_CODES as readonly string[]).includes((value as { code: string }).code))
  );
}

/** A configuration problem: the CLI exits with code 2 and prints the message as is. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Each problem as `key.path: what is wrong`. */
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = []) {
    super(problems.length > 0 ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.problems = problems;
  }
}
