import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/cli/builtin-catalog.js';
import { BUILTIN_TOOL_PERMISSIONS, permissionNeeds } from '../../src/cli/tool-permissions.js';
import { FULL_ROLES, READONLY_ROLES } from '../../src/emulator/apps.js';
import { ROOT } from './run-cli.js';

/** The write tools: they need the ReadWrite roles, and only those. */
const TRIAGE_WRITES = [
  'update_incident',
  'update_incidents',
  'add_incident_comment',
  'update_alert',
  'add_alert_comment',
];

describe('the permissions check --online looks for', () => {
  it('has an entry for every built-in tool, and none for a tool that does not exist', async () => {
    const { catalog } = await builtinCatalog(join(ROOT, 'src', 'plugins'));
    const names = catalog.tools.map((entry) => entry.descriptor.name).sort();
    expect(Object.keys(BUILTIN_TOOL_PERMISSIONS).sort()).toEqual(names);
  });

  it('names only permissions Microsoft has (those the emulator grants), and read tools need no write role (triage writes only a write role)', async () => {
    const { catalog } = await builtinCatalog(join(ROOT, 'src', 'plugins'));
    const tiers = new Map(
      catalog.tools.map((entry) => [entry.descriptor.name, entry.descriptor.declaredTier]),
    );
    for (const [tool, needs] of Object.entries(BUILTIN_TOOL_PERMISSIONS)) {
      for (const need of needs) {
        const granted = FULL_ROLES[need.resource];
        expect(
          need.permissions.some((p) => granted.includes(p)),
          `${tool}: ${need.permissions}`,
        ).toBe(true);
        // The triage writes need the ReadWrite roles, and only those.
        if (TRIAGE_WRITES.includes(tool)) {
          expect(
            need.permissions.some((p) => READONLY_ROLES[need.resource].includes(p)),
            tool,
          ).toBe(false);
        }
        // Acting tools need a role that acts; the rest of this test is about reading.
        if (tiers.get(tool) !== 'read') continue;
        // Microsoft documents no read-only indicator role: listing needs Ti.ReadWrite(.All).
        if (tool === 'list_indicators') {
          expect(need.permissions).toEqual(['Ti.ReadWrite.All', 'Ti.ReadWrite']);
          continue;
        }
        // The first alternative is the one reported missing: it must be the least privilege.
        expect(need.permissions[0], tool).not.toMatch(/ReadWrite/);
        // The read-only app serves every read tool.
        expect(
          need.permissions.some((p) => READONLY_ROLES[need.resource].includes(p)),
          tool,
        ).toBe(true);
      }
    }
  });

  it("are all in the README's app registration step (least privilege first)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const least = new Set(
      Object.values(BUILTIN_TOOL_PERMISSIONS).flatMap((needs) => needs.map((n) => n.permissions[0])),
    );
    for (const permission of least) expect(readme, permission).toContain(`\`${permission}\``);
  });

  it('flattens the enabled tools into needs and lists tools it knows nothing of apart', () => {
    const { needs, unknown } = permissionNeeds(['list_incidents', 'get_hunting_schema', 'acme_ticket']);
    expect(needs).toEqual([
      {
        tool: 'list_incidents',
        resource: 'graph',
        permissions: ['SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'],
      },
    ]);
    expect(unknown).toEqual(['acme_ticket']);
  });
});
