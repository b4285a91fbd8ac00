import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { jsonSchemaOf } from './json-schema.js';
import { RISK_TIERS } from './risk.js';
import { readToolOptions } from './tool-decorator.js';
import { isZodObject, nonStrictObjects, strictify, undescribedFields } from './tool-schema.js';
import type { ToolClass, ToolOptions } from './types.js';

export const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Added by the kernel to write/destructive inputs; a tool may not declare it itself. */
export const CONFIRMATION_FIELD = 'confirmationToken';
/** Added by the kernel to destructive inputs: the retry after `approval_pending`. */
export const APPROVAL_FIELD = 'approvalId';

/** A tool class whose `@Tool` options passed every registration rule. */
export interface ToolDefinition {
  readonly name: string;
  readonly plugin: string;
  readonly options: ToolOptions;
  /** The declared input made strict at every depth: what the validation step parses. */
  readonly input: z.ZodObject;
  readonly toolClass: ToolClass;
  readonly hasPreview: boolean;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * Clients get JSON Schema: a type it cannot express (dates, bigints, output transforms) is an error.
 * The input is checked as listed (made strict); the conversions are kept for the listing.
 */
function jsonSchemaProblems(options: ToolOptions, strictInput: z.ZodObject | undefined): string[] {
  const problems: string[] = [];
  for (const [field, schema] of [
    ['input', strictInput],
    ['output', isZodObject(options.output) ? options.output : undefined],
  ] as const) {
    if (schema === undefined) continue;
    try {
      jsonSchemaOf(schema, field);
    } catch (error) {
      problems.push(
        `${field}: cannot be expressed as JSON Schema (${error instanceof Error ? error.message : error})`,
      );
    }
  }
  return problems;
}

function validRate(rate: ToolOptions['rateLimit']): boolean {
  const positive = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  return positive(rate?.perMinute) && (rate?.perHour === undefined || positive(rate.perHour));
}

function problemsOf(
  options: ToolOptions,
  toolClass: ToolClass,
  strictInput: z.ZodObject | undefined,
): string[] {
  const problems: string[] = [];
  if (typeof options.name !== 'string' || !TOOL_NAME.test(options.name)) {
    problems.push(`name: must match ${TOOL_NAME} (lowercase, digits, underscores)`);
  }
  if (!nonEmpty(options.title)) problems.push('title: required');
  if (!nonEmpty(options.description)) problems.push('description: required');
  if (!RISK_TIERS.includes(options.risk)) problems.push(`risk: required, one of ${RISK_TIERS.join(', ')}`);
  if (typeof options.idempotent !== 'boolean') problems.push('idempotent: required, true or false');
  if (options.openWorld !== undefined && typeof options.openWorld !== 'boolean') {
    problems.push('openWorld: true or false');
  }
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0)) {
    problems.push('timeoutMs: a positive integer');
  }
  if (options.rateLimit !== undefined && !validRate(options.rateLimit)) {
    problems.push('rateLimit: perMinute (and perHour, if given) positive integers');
  }
  if (!isZodObject(options.output)) problems.push('output: must be a zod object');
  if (!isZodObject(options.input)) {
    problems.push('input: must be a zod object');
  } else {
    for (const path of undescribedFields(options.input))
      problems.push(`${path}: every field needs .describe()`);
    for (const reserved of [CONFIRMATION_FIELD, APPROVAL_FIELD]) {
      if (reserved in options.input.shape) problems.push(`input.${reserved}: reserved for the kernel`);
    }
  }
  problems.push(...jsonSchemaProblems(options, strictInput));
  if (typeof toolClass.prototype?.execute !== 'function') problems.push('execute(): missing');
  if (options.risk !== 'read' && typeof toolClass.prototype?.preview !== 'function') {
    problems.push(`preview(): required for ${options.risk} tools`);
  }
  return problems;
}

/**
 * Checks one entry of a plugin's `tools` list. Errors name the plugin and the tool so the author
 * can find them: `plugin notes, tool add_note: input.text: every field needs .describe()`.
 */
export function defineTool(candidate: unknown, plugin: string, index: number): ToolDefinition {
  const options = readToolOptions(candidate);
  if (options === undefined) {
    throw new ConfigError(`Plugin "${plugin}" lists a tool that is not a @Tool class`, [
      `tools[${index}]: decorate the class with @Tool({...})`,
    ]);
  }
  const toolClass = candidate as ToolClass;
  const strictInput = isZodObject(options.input) ? strictify(options.input) : undefined;
  const problems = problemsOf(options, toolClass, strictInput);
  if (problems.length > 0 || strictInput === undefined) {
    throw new ConfigError(`Plugin "${plugin}", tool "${String(options.name)}" is invalid`, problems);
  }
  const input = strictInput;
  const loose = nonStrictObjects(input);
  if (loose.length > 0) {
    // Only reachable through intersections, which strictify leaves alone.
    throw new ConfigError(
      `Plugin "${plugin}", tool "${options.name}" is invalid`,
      loose.map((path) => `${path}: must reject unknown keys (avoid .and()/z.intersection in inputs)`),
    );
  }
  return {
    name: options.name,
    plugin,
    options,
    input,
    toolClass,
    hasPreview: typeof toolClass.prototype.preview === 'function',
  };
}
