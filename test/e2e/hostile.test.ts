import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTION } from '../../src/emulator/data/hostile.js';
import { type StdioSandbox, startSandboxStdio } from './sandbox-child.js';

/** Characters that hide or reorder text, or drive a terminal: never raw in anything a client gets. */
const INVISIBLE_RANGES: [number, number][] = [
  [0x00, 0x08],
  [0x0b, 0x0c],
  [0x0e, 0x1f],
  [0x7f, 0x7f],
  [0x200b, 0x200b],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];
const INVISIBLE = {
  test: (value: string) =>
    Array.from(value).some((char) => {
      const code = char.codePointAt(0) ?? 0;
      return INVISIBLE_RANGES.some(([low, high]) => code >= low && code <= high);
    }),
};
const FENCE = /<untrusted-([a-z-]+)-([0-9a-f]{16,})>[\s\S]*?<\/untrusted-\1-\2>/g;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function text(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
}

/** The injection appears only inside fences whose nonce the data could not guess. */
function expectFenced(result: CallToolResult) {
  expect(result.isError, text(result).slice(0, 400)).toBeFalsy();
  const all = text(result);
  expect(all).toContain(INJECTION.slice(0, 20));
  expect(all.replace(FENCE, '')).not.toContain(INJECTION.slice(0, 20));
  for (const value of strings(result)) expect(INVISIBLE.test(value), JSON.stringify(value)).toBe(false);
}

describe('mcp-xdr sandbox --hostile (prompt injections and invisible characters in Defender text)', () => {
  let sandbox: StdioSandbox;
  beforeAll(async () => {
    sandbox = await startSandboxStdio(['--hostile', '--seed', '5']);
  });
  afterAll(async () => sandbox?.close());

  it('says so on start', () => {
    expect(sandbox.stderr()).toContain('Hostile data:');
  });

  it('fences and escapes every hostile string in incidents, alerts and users', async () => {
    const incidents = await sandbox.call('list_incidents', { limit: 50 });
    expectFenced(incidents);
    const alerts = await sandbox.call('list_alerts', { limit: 100 });
    expectFenced(alerts);
    const ids = (
      incidents.structuredContent as { results: { incidents: { id: string }[] }[] }
    ).results[0]!.incidents.slice(0, 6).map((incident) => incident.id);
    let users = 0;
    for (const incidentId of ids) {
      const story = await sandbox.call('get_incident', { incidentId });
      for (const value of strings(story)) expect(INVISIBLE.test(value)).toBe(false);
      expect(text(story).replace(FENCE, '')).not.toContain(INJECTION.slice(0, 20));
      const upn = (story.structuredContent as { evidence: { users: { upn?: string }[] } }).evidence.users[0]
        ?.upn;
      if (upn === undefined) continue;
      const user = await sandbox.call('enrich_user', { upn });
      for (const value of strings(user)) expect(INVISIBLE.test(value)).toBe(false);
      expect(text(user).replace(FENCE, '')).not.toContain(INJECTION.slice(0, 20));
      users += 1;
    }
    expect(users).toBeGreaterThan(0);
  });
});
