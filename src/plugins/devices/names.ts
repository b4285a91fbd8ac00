import { displayName } from '../../defender/fence.js';
import type { Machine } from '../../defender/schemas/mde.js';

const LAYOUT: Record<string, string> = { '\n': '\\n', '\t': '\\t', '"': '\\"' };
const MAX_NAME = 120;

/**
 * A device name made safe to show a person on one line (previews, approval forms, refusals): hidden
 * and bidi characters become visible escapes, a look-alike (mixed scripts) carries a warning
 * (`displayName`), and line breaks, tabs and quotes are escaped so a name cannot forge a line or
 * close its quotes. The one place device names are prepared for display.
 */
export function safeName(name: string | null | undefined): string {
  if (!name) return '(no name)';
  return displayName(name, MAX_NAME).replace(/[\n\t"]/g, (c) => LAYOUT[c] ?? c);
}

/** `device "name" (machine id)`: the id is what is acted on; the name is only a hint. */
export function deviceLabel(machine: Pick<Machine, 'id' | 'computerDnsName'>): string {
  return `device "${safeName(machine.computerDnsName)}" (${machine.id.toLowerCase()})`;
}
