import type { z } from 'zod';

/** `plugins.hunting.options.maxRows`, `tools.include[1]`: the path as an operator writes it. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One `key.path: message` line per zod issue (unknown keys get one line each). */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${formatPath([...issue.path, key], prefix)}: unknown key`)
      : [`${formatPath(issue.path, prefix)}: ${issue.message}`],
  );
}
