import { describe, expect, it } from 'vitest';
import { INJECTION } from '../../../src/emulator/data/hostile.js';
import { createWorld, type TenantData } from '../../../src/emulator/data/world.js';

const clock = { now: () => Date.parse('2026-11-21T08:00:00Z') };

/** One detector per kind of hostile text the mode promises. */
const KINDS = {
  injection: (s: string) => s.includes(INJECTION),
  untrustedClose: (s: string) => s.includes('</untrusted>'),
  cdataClose: (s: string) => s.includes(']]>'),
  codeFence: (s: string) => s.includes('```'),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point.
  control: (s: string) => /[\u0000-\u0008\u001b]/.test(s),
  zeroWidth: (s: string) => s.includes('\u200b'),
  bidi: (s: string) => s.includes('\u202e') && s.includes('\u2066'),
  veryLong: (s: string) => s.length >= 10_000,
  oddUnicode: (s: string) => /[\u0300-\u036f]/.test(s) && /\ud800(?![\udc00-\udfff])/.test(s),
} satisfies Record<string, (s: string) => boolean>;

function fields(t: TenantData) {
  const evidence = t.alerts.flatMap((a) => a.evidence);
  return {
    incidentTitles: t.incidents.map((i) => i.displayName),
    incidentDescriptions: t.incidents.map((i) => i.description),
    alertTitles: t.alerts.map((a) => a.title),
    alertDescriptions: t.alerts.map((a) => a.description),
    commandLines: evidence.filter((e) => 'processCommandLine' in e).map((e) => String(e.processCommandLine)),
    fileNames: evidence
      .filter((e) => 'fileDetails' in e)
      .map((e) => (e.fileDetails as { fileName: string }).fileName),
    userNames: t.users.map((u) => u.displayName),
    comments: t.incidents.flatMap((i) => i.comments.map((c) => c.comment)),
  };
}

describe('hostile-data mode', () => {
  const hostile = createWorld({ seed: 9, clock, hostile: true });

  it.each(Object.keys(KINDS))('puts %s text into the world', (kind) => {
    const detect = KINDS[kind as keyof typeof KINDS];
    const all = hostile.tenants.flatMap((t) => Object.values(fields(t)).flat());
    expect(all.some(detect)).toBe(true);
  });

  it.each([
    'incidentTitles',
    'alertTitles',
    'alertDescriptions',
    'commandLines',
    'fileNames',
    'userNames',
    'comments',
  ])('makes %s hostile in every tenant, leaving others clean', (field) => {
    for (const t of hostile.tenants) {
      const values: string[] = fields(t)[field as keyof ReturnType<typeof fields>];
      const bad = values.filter((v) => Object.values(KINDS).some((d) => d(v)));
      expect(bad.length, field).toBeGreaterThan(0);
      expect(bad.length, field).toBeLessThan(values.length);
    }
  });

  it('carries the same hostile command line into the hunting rows', () => {
    const t = hostile.tenants[0] as TenantData;
    const lines = fields(t).commandLines.filter((l) => KINDS.injection(l));
    const rows = [...(t.hunting.table('DeviceProcessEvents')?.rows() ?? [])];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(rows.some((r) => r.ProcessCommandLine === line)).toBe(true);
    expect(rows.filter((r) => KINDS.injection(String(r.ProcessCommandLine))).length).toBeGreaterThan(
      lines.length,
    );
  });

  it('is deterministic and absent from a normal world', () => {
    const again = createWorld({ seed: 9, clock, hostile: true });
    expect(JSON.stringify(again.tenants.map(fields))).toBe(JSON.stringify(hostile.tenants.map(fields)));
    const normal = createWorld({ seed: 9, clock });
    const values = normal.tenants.flatMap((t) => Object.values(fields(t)).flat());
    for (const [kind, detect] of Object.entries(KINDS)) expect(values.filter(detect), kind).toEqual([]);
    const text = JSON.stringify(normal.tenants.map((t) => ({ ...t, hunting: undefined })));
    expect(text.includes(INJECTION)).toBe(false);
  });
});
