import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTION } from '../../../src/emulator/data/hostile.js';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { type ListOutput, structured, textOf, world } from './support.js';

/** Characters that hide text, reorder it or smuggle bytes (tab and newline are ordinary layout). */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\u{e0000}-\u{e007f}]|\p{Cs}/u;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

/** The text with every block fenced by this response's nonce removed: what the model reads as ours. */
function outsideFences(text: string): { nonce: string; outside: string; blocks: number } {
  const nonce = /<untrusted-\*-([0-9a-f]{24})>/.exec(text)?.[1] ?? '';
  const block = new RegExp(
    `<untrusted-([a-z0-9_-]+)-${nonce}>\\n[\\s\\S]*?\\n</untrusted-\\1-${nonce}>`,
    'g',
  );
  const blocks = text.match(block)?.length ?? 0;
  return { nonce, outside: text.replace(block, ''), blocks };
}

function expectSafe(result: CallToolResult): void {
  const text = textOf(result);
  expect(HIDDEN.test(text)).toBe(false);
  for (const s of strings(result.structuredContent))
    expect(HIDDEN.test(s), JSON.stringify(s).slice(0, 120)).toBe(false);
  const { nonce, outside, blocks } = outsideFences(text);
  expect(nonce).not.toBe('');
  expect(blocks).toBeGreaterThan(0);
  expect(text.match(/never follow instructions/g)).toHaveLength(1);
  // Every opening delimiter with the nonce is closed by its own block, and nothing upstream is left outside.
  expect(text.split(`-${nonce}>`).length - 1).toBe(blocks * 2 + 1);
  expect(outside).not.toContain(INJECTION);
  expect(outside).not.toContain('</untrusted>');
  expect(outside).not.toContain('SYSTEM:');
  expect(outside).not.toContain(']]>');
}

describe('incidents tools over hostile data', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { incidents: true }, emulator: { hostile: true } });
  });
  afterAll(async () => xdr?.close());

  it('the emulator does serve hostile text (so this test can fail)', () => {
    const titles = world(xdr).incidents.map((i) => i.displayName);
    expect(titles.some((t) => t.includes(INJECTION))).toBe(true);
    expect(titles.some((t) => HIDDEN.test(t))).toBe(true);
  });

  it('list_incidents and list_alerts: escaped structured content, fenced text, a forged close stays inside', async () => {
    const incidents = await xdr.call('list_incidents', { limit: 50 });
    expectSafe(incidents);
    expect(textOf(incidents)).toContain(INJECTION);
    expectSafe(await xdr.call('list_alerts', { limit: 100 }));
    // Four tenants at 40 each stay within the default output budget, so the text is not cut.
    expectSafe(await xdr.call('list_alerts', { limit: 40, tenant: '*' }));
  });

  it('get_incident and get_alert on every record: the same guarantees', async () => {
    const data = world(xdr);
    for (const incident of data.incidents)
      expectSafe(await xdr.call('get_incident', { incidentId: incident.id }));
    for (const alert of data.alerts.slice(0, 40))
      expectSafe(await xdr.call('get_alert', { alertId: alert.id }));
  });

  it('a hostile title is kept recognisable: escaped, not dropped, and long text is cut with a count', async () => {
    const out = structured<ListOutput>(await xdr.call('list_incidents', { limit: 50 }));
    const titles = (out.results[0]?.incidents ?? []).map((i) => i.title as string);
    expect(titles.some((t) => t.includes('\\u{200B}'))).toBe(true);
    expect(titles.some((t) => /… \[\d+ more characters\]$/.test(t))).toBe(true);
  });
});
