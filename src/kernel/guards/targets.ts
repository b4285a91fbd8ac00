import { z } from 'zod';
import { ToolError } from '../errors.js';

/**
 * What an acting tool is about to touch, described generically so one matcher serves every plugin:
 * a device (id, DNS name, tags, roles such as "domainController"), an account (object id, UPN, groups,
 * directory roles), an indicator (its value). The access layer builds these from live records.
 */
export interface GuardTarget {
  /** The canonical id (machine id, object id, indicator value). Cooldowns are keyed by it. */
  readonly id: string;
  /** How to name the target to a person (escaped by the caller if it came from upstream). */
  readonly label: string;
  /** Names the target is known by (DNS name, UPN, indicator value): matched by `namePatterns`. */
  readonly names?: readonly string[];
  readonly tags?: readonly string[];
  /** What the target is (device: "domainController", "server"; account: a directory role name). */
  readonly roles?: readonly string[];
  readonly groups?: readonly string[];
}

const list = (what: string) => z.array(z.string().min(1).max(256)).max(500).default([]).describe(what);

/** The `protected` block of an acting plugin's options. Matching is case-insensitive. */
export const ProtectedTargetsSchema = z
  .object({
    ids: list('Canonical ids never acted on (machine ids, object ids, indicator values).'),
    namePatterns: list('Name glob patterns never acted on: "*" any run of characters, "?" one, e.g. "dc-*".'),
    tags: list('Tags whose targets are never acted on (e.g. a device tag "Tier0").'),
    roles: list('Roles whose targets are never acted on (device "domainController", a directory role).'),
    groups: list('Groups whose members are never acted on (e.g. an Entra group name or id).'),
  })
  .strict();
export type ProtectedTargets = z.output<typeof ProtectedTargetsSchema>;

/** A protected block with the plugin's own defaults, to use as a field of its options schema. */
export function protectedTargetsOption(defaults: Partial<ProtectedTargets>, what: string) {
  const filled = ProtectedTargetsSchema.parse(defaults);
  return ProtectedTargetsSchema.default(filled).describe(
    `${what} Refused before any call to Microsoft, whatever the confirmation or approval. ` +
      'Setting this block replaces its defaults.',
  );
}

function glob(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
const anyOf = (values: readonly string[] | undefined, wanted: readonly string[]) =>
  wanted.find((w) => (values ?? []).some((v) => same(v, w)));

/**
 * The rule that protects `target`, as text naming the rule (operator config, never upstream text),
 * or undefined when nothing protects it.
 */
export function protectionOf(rules: ProtectedTargets, target: GuardTarget): string | undefined {
  const id = rules.ids.find((i) => same(i, target.id));
  if (id !== undefined) return `protected id "${id}"`;
  const pattern = rules.namePatterns.find((p) => (target.names ?? []).some((n) => glob(p).test(n)));
  if (pattern !== undefined) return `protected name pattern "${pattern}"`;
  const tag = anyOf(target.tags, rules.tags);
  if (tag !== undefined) return `protected tag "${tag}"`;
  const role = anyOf(target.roles, rules.roles);
  if (role !== undefined) return `protected role "${role}"`;
  const group = anyOf(target.groups, rules.groups);
  if (group !== undefined) return `protected group "${group}"`;
  return undefined;
}

export function protectedError(target: GuardTarget, rule: string): ToolError {
  return new ToolError('forbidden', `${target.label} is protected (${rule}): it is never acted on.`, {
    hint: 'Nothing was sent. Only an operator can change the protected list in the server configuration.',
    details: { reason: 'protected_target', target: target.id, rule },
  });
}

/** Throws ToolError('forbidden') naming the rule when `target` is protected. */
export function assertNotProtected(rules: ProtectedTargets, target: GuardTarget): void {
  const rule = protectionOf(rules, target);
  if (rule !== undefined) throw protectedError(target, rule);
}
