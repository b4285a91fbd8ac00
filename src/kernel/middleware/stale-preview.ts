import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { overlayContext } from '../context-overlay.js';
import { ToolError } from '../errors.js';
import type { Preview, PreviewBasis, TargetState } from '../preview.js';
import type { StateStore } from '../state/store.js';
import type { ConfirmedPreview, FieldChange, StaleTarget, ToolCall } from '../types.js';

const KEY_PREFIX = 'confirm:basis:';
const SHOWN_VALUE_MAX = 120;

/**
 * Stale previews are refused. A preview that reports a `basis` (the live state it read) has it kept
 * in the state store beside its token, for the token's lifetime; at execute the tool is previewed
 * again and every target compared. In the store rather than in the token: a bulk basis outgrows a
 * token, and replicas share the store as they share the nonces.
 */
export class PreviewBases {
  constructor(
    private readonly store: StateStore,
    private readonly ttlMs: number,
  ) {}

  async remember(token: string, preview: Preview): Promise<void> {
    if (preview.basis === undefined) return;
    await this.store.setIfAbsent(keyOf(token), JSON.stringify(preview.basis), this.ttlMs);
  }

  /**
   * After the token was redeemed, when its preview had a basis: hands the tool `ctx.confirmed`.
   * `refuse` (default): previews again first and refuses (`stale_preview`) when any target moved;
   * returns that fresh preview. `skip`: the tool checks each target itself right before writing it
   * (`staleTarget`), so nothing is read twice; returns undefined, as when there was no basis.
   */
  async confirm(
    call: ToolCall,
    token: string,
    preview: () => Promise<Preview>,
  ): Promise<Preview | undefined> {
    const key = keyOf(token);
    const stored = await this.store.get(key);
    if (stored === undefined) return undefined;
    await this.store.delete(key);
    const previewed = JSON.parse(stored) as PreviewBasis;
    let fresh: Preview | undefined;
    if (previewed.onStale !== 'skip') {
      fresh = await preview();
      const now = fresh.basis?.targets ?? {};
      const stale = Object.entries(previewed.targets).flatMap(([target, was]) => {
        const moved = staleTarget(target, was, now[target]);
        return moved ? [moved] : [];
      });
      if (stale.length > 0) throw stalePreviewError(call.tool.name, stale);
    }
    const confirmed: ConfirmedPreview = { targets: previewed.targets };
    call.ctx = overlayContext(call.ctx, { confirmed });
    return fresh;
  }
}

/**
 * Whether `target` moved between the preview (`was`) and now: undefined when its version and shown
 * state are the same, else what changed (`gone` when it is no longer there). Bulk tools call it per
 * target with `ctx.confirmed.targets[target]` and the state they just read.
 */
export function staleTarget(
  target: string,
  was: TargetState | undefined,
  now: TargetState | undefined,
): StaleTarget | undefined {
  if (was === undefined) return { target, gone: false, changes: [] };
  return staleness(target, was, now);
}

function staleness(target: string, was: TargetState, now: TargetState | undefined): StaleTarget | undefined {
  if (now === undefined) return { target, gone: true, changes: [] };
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  if (was.version === now.version && same(was.state ?? {}, now.state ?? {})) return undefined;
  const changes: FieldChange[] = [];
  const before = was.state ?? {};
  const after = now.state ?? {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!same(before[field], after[field])) changes.push({ field, from: before[field], to: after[field] });
  }
  if (was.version !== now.version) changes.push({ field: 'version', from: was.version, to: now.version });
  return { target, gone: false, changes };
}

/** Says, per target, what moved; values are the tool's own (already escaped) state, clipped. */
export function describeStale(stale: StaleTarget): string {
  if (stale.gone) return `${stale.target} is no longer there`;
  if (stale.changes.length === 0) return `${stale.target} was not part of the preview`;
  const shown = (value: unknown) => {
    const text = JSON.stringify(value) ?? 'unset';
    return text.length > SHOWN_VALUE_MAX ? `${text.slice(0, SHOWN_VALUE_MAX)}…` : text;
  };
  const fields = stale.changes.map((c) => `${c.field} ${shown(c.from)} -> ${shown(c.to)}`);
  return `${stale.target} changed since the preview (${fields.join('; ')})`;
}

/** The refusal: names each target and what moved; nothing was written. */
export function stalePreviewError(tool: string, stale: readonly StaleTarget[]): ToolError {
  return new ToolError(
    'stale_preview',
    `The preview of ${tool} is out of date: ${stale.map(describeStale).join('; ')}. Nothing was changed.`,
    {
      hint: 'Someone else changed it meanwhile: call the tool again without confirmationToken to preview the current state, then confirm that.',
      details: { stale },
    },
  );
}

/** One line for the preview's text when it is bound to live state. */
export function basisNote(preview: Preview): string[] {
  if (preview.basis === undefined) return [];
  return preview.basis.onStale === 'skip'
    ? ['A record that changes before you confirm is skipped and reported; the others go ahead.']
    : ['If the record changes before you confirm, the confirmation is refused and nothing is written.'];
}

function keyOf(token: string): string {
  return KEY_PREFIX + createHash('sha256').update(token, 'utf8').digest('base64url');
}
