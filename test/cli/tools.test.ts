import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogView } from '../../src/cli/catalog-view.js';
import { createKernel } from '../../src/kernel/kernel.js';
import catalogConfig from '../fixtures/catalog.config.js';
import { built, ROOT, runCli, tempDir } from './run-cli.js';

const BUILT_CONFIG = built('test/fixtures/catalog.config.js');

describe('mcp-xdr tools', () => {
  it('--json prints exactly the kernel catalog: every tool, its tier, enabled or the withholding rule', async () => {
    const result = await runCli(['tools', '--json', '--config', BUILT_CONFIG]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);

    const kernel = await createKernel({ config: catalogConfig, configDir: join(ROOT, 'test/fixtures') });
    expect(printed).toEqual(JSON.parse(JSON.stringify(catalogView(kernel.catalog))));
    await kernel.close();

    const byName = new Map(printed.tools.map((tool: { name: string }) => [tool.name, tool]));
    expect(byName.get('add_note')).toMatchObject({ plugin: 'notes', tier: 'write', enabled: true });
    expect(byName.get('delete_all_notes')).toMatchObject({ enabled: false, rule: 'policy.maxTier' });
    expect(byName.get('test_error_handling')).toMatchObject({ enabled: false, rule: 'tools.exclude' });
    expect(byName.get('test_simple_text')).toMatchObject({
      tier: 'destructive',
      declaredTier: 'read',
      enabled: false,
      rule: 'policy.maxTier',
    });
    expect(byName.get('list_notes')).toMatchObject({ tier: 'write', declaredTier: 'read', enabled: true });
    expect(printed.plugins).toContainEqual(
      expect.objectContaining({ key: './plugins/faults', enabled: false }),
    );
  });

  it('prints a table with the same verdicts for people', async () => {
    const result = await runCli(['tools', '--config', BUILT_CONFIG]);
    expect(result.code).toBe(0);
    const line = (name: string) => result.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(line('add_note')).toMatch(/notes\s+write\s+enabled$/);
    expect(line('delete_all_notes')).toContain('withheld by policy.maxTier');
    expect(line('test_simple_text')).toContain('destructive (raised from read)');
    expect(result.stdout).toContain('Plugins switched off (not loaded): ./plugins/faults');
  });

  it('exits 2 naming the key path when the config names a tool the plugin does not have', async () => {
    const notes = built('test/fixtures/plugins/notes');
    const dir = tempDir({
      'cfg.json': JSON.stringify({ plugins: { [notes]: { tools: { include: ['list_notez'] } } } }),
    });
    const result = await runCli(['tools', '--config', join(dir, 'cfg.json')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('tools.include[0]');
    expect(result.stderr).toContain('list_notez');
  });
  it('--role R shows what principals of role R may use; an unknown role exits 2 naming the roles', async () => {
    const notes = built('test/fixtures/plugins/notes');
    const dir = tempDir({
      'cfg.json': JSON.stringify({
        plugins: { [notes]: true },
        policy: { maxTier: 'destructive' },
        auth: { roles: { reader: { maxTier: 'read' }, responder: { maxTier: 'destructive' } } },
      }),
    });
    const result = await runCli(['tools', '--json', '--role', 'reader', '--config', join(dir, 'cfg.json')]);
    expect(result.code).toBe(0);
    const byName = new Map(
      JSON.parse(result.stdout).tools.map((tool: { name: string }) => [tool.name, tool]),
    );
    expect(byName.get('list_notes')).toMatchObject({ enabled: true });
    expect(byName.get('add_note')).toMatchObject({ enabled: false, rule: 'role' });
    expect(byName.get('delete_all_notes')).toMatchObject({ enabled: false, rule: 'role' });

    const unknown = await runCli(['tools', '--role', 'admin', '--config', join(dir, 'cfg.json')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no role 'admin'");
    expect(unknown.stderr).toContain('reader, responder');
  });
});
