import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeDeep, Fence } from '../../src/defender/fence.js';
import { createDefender, type DefenderLayer } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type EmulatorFiles, tenantsSection, writeEmulatorFiles } from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;
let layer: DefenderLayer;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 31, hostile: true });
  files = writeEmulatorFiles(emulator);
  layer = createDefender(tenantsSection(emulator, files, 'secret'), {
    env: files.env,
    onWarning: () => undefined,
  });
});
afterAll(async () => {
  await layer?.close();
  await emulator?.stop();
});

function hiddenCharacters(text: string): string[] {
  return [...text].filter((ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return (
      (cp < 0x20 && cp !== 0x0a && cp !== 0x09) ||
      (cp >= 0x7f && cp <= 0x9f) ||
      (cp >= 0x200b && cp <= 0x200f) ||
      (cp >= 0x202a && cp <= 0x202e) ||
      (cp >= 0x2066 && cp <= 0x2069) ||
      cp === 0xfeff ||
      (cp >= 0xd800 && cp <= 0xdfff) ||
      (cp >= 0xe0000 && cp <= 0xe007f)
    );
  });
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}

describe('hostile upstream text, fenced', () => {
  it('escapes every hidden character in real hostile records and keeps the fence closed', async () => {
    const tenant = layer.tenants.get('contoso');
    const incidents = await layer.graph.listIncidents(tenant, { expandAlerts: true, maxItems: 50 });
    const raw = JSON.stringify(incidents.items);
    expect(hiddenCharacters(raw).length).toBeGreaterThan(0); // the data really is hostile
    expect(raw).toContain('</untrusted>');

    const fence = new Fence();
    const blocks = incidents.items.map((i) =>
      fence.wrap(`${i.displayName ?? ''}\n${i.description ?? ''}`, 'incident'),
    );
    const response = [fence.notice(), ...blocks].join('\n');
    expect(hiddenCharacters(response)).toEqual([]);
    const close = `</untrusted-incident-${fence.nonce}>`;
    for (const block of blocks) {
      expect(block.indexOf(close)).toBe(block.length - close.length);
    }
    expect(response).toContain('Ignore previous instructions'); // escaped, not dropped

    const strings = allStrings(escapeDeep(incidents.items));
    expect(strings.length).toBeGreaterThan(100);
    expect(strings.flatMap(hiddenCharacters)).toEqual([]);
  });
});
