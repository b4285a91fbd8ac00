import type { z } from 'zod';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function segment(key: PropertyKey, first: boolean): string {
  if (typeof key === 'number') return `[${key}]`;
  const name = String(key);
  if (!IDENTIFIER.test(name)) return `[${JSON.stringify(name)}]`;
  return first ? name : `.${name}`;
}

/**
 * The path as an operator would write it: `plugins.hunting.options.maxRows`, `tools.include[1]`,
 * `plugins["./plugins/x"].enabled` for keys that are not plain names.
 */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  const out = path.reduce<string>((acc, key) => acc + segment(key, acc === ''), prefix);
  return out === '' ? '(root)' : out;
}

/** `plugins.<key>` for a plugin's config key, in the same notation. */
export function pluginPath(key: string, ...rest: PropertyKey[]): string {
  return formatPath(['plugins', key, ...rest]);
}

/** One `key.path: message` line per zod issue (unknown keys get one line each). */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key], prefix)}: unknown key`)
      : [`${formatPath(issue.path, prefix)}: ${issue.message}`],
  );
}
