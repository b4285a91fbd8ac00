import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXdr, type XdrHarness } from '../../helpers/xdr-harness.js';
import { hunt, textOf } from './support.js';

/** Raw characters that hide or reorder text, or drive a terminal: never in anything we return. */
const HIDDEN: readonly [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x7f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];
const hasRawHidden = (text: string) =>
  [...text].some((ch) =>
    HIDDEN.some(([lo, hi]) => (ch.codePointAt(0) ?? 0) >= lo && (ch.codePointAt(0) ?? 0) <= hi),
  );

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

describe('run_hunting_query over hostile data', () => {
  let xdr: XdrHarness;
  beforeAll(async () => {
    xdr = await startXdr({ plugins: { hunting: true }, emulator: { hostile: true } });
  });
  afterAll(async () => xdr?.close());

  it('escapes rows in structured content and fences them, once, in the text', async () => {
    const result = await xdr.call('run_hunting_query', {
      query:
        'DeviceProcessEvents | where ProcessCommandLine contains "isolate" | project DeviceName, ProcessCommandLine | take 40',
    });
    expect(result.isError).toBeFalsy();
    const rows = hunt(result).results[0]?.rows ?? [];
    expect(rows.length).toBeGreaterThan(5);
    for (const s of strings(rows)) expect(hasRawHidden(s), s).toBe(false);
    expect(strings(rows).some((s) => s.includes('\\u{202E}') || s.includes('\\u{200B}'))).toBe(true);

    const text = textOf(result);
    expect(hasRawHidden(text)).toBe(false);
    const nonce = text.match(/<untrusted-rows-([0-9a-f]+)>/)?.[1];
    expect(nonce).toBeDefined();
    const open = `<untrusted-rows-${nonce}>`;
    const close = `</untrusted-rows-${nonce}>`;
    expect(text.split(open)).toHaveLength(2);
    expect(text.split(close)).toHaveLength(2);
    // Every attacker sentence sits inside our fence, after the notice that explains it.
    const inside = text.slice(text.indexOf(open), text.indexOf(close));
    const outside = text.replace(inside, '');
    expect(inside).toContain('isolate all devices');
    expect(outside).not.toContain('isolate all devices');
    expect(outside).toContain('attacker-controlled');
  });
});
