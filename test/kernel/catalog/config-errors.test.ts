import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/kernel/errors.js';
import { createKernel } from '../../../src/kernel/kernel.js';
import { silentLogger } from '../../../src/kernel/logger.js';
import { FIXTURES_DIR, fixtureKernel } from '../../helpers/kernel-client.js';

const NOTES = './plugins/notes';

async function problemsOf(config: Record<string, unknown>): Promise<readonly string[]> {
  const error = await fixtureKernel(config).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('config errors name the key path', () => {
  it('an unknown plugin name, path or package', async () => {
    expect(await problemsOf({ plugins: { huntng: true } })).toEqual([
      'plugins.huntng: not a built-in plugin, an installed package, or a path (paths start with ./, ../ or /)',
    ]);
    expect((await problemsOf({ plugins: { './plugins/nope': true } }))[0]).toMatch(
      /^plugins\["\.\/plugins\/nope"\]: no file or folder/,
    );
  });

  it('an unknown plugin is reported even when it is disabled', async () => {
    expect((await problemsOf({ plugins: { huntng: false } }))[0]).toMatch(/^plugins\.huntng: /);
  });

  it('a tool name in include/exclude that the plugin does not have', async () => {
    expect(
      await problemsOf({
        plugins: {
          [NOTES]: { tools: { include: ['list_notes', 'lst_notes'], exclude: ['fail_politely'] } },
          './plugins/faults': true,
        },
      }),
    ).toEqual([
      'plugins["./plugins/notes"].tools.include[1]: "lst_notes" is not a tool of this plugin',
      'plugins["./plugins/notes"].tools.exclude[0]: "fail_politely" is not a tool of this plugin',
    ]);
  });

  it('an unknown tool in tierRaise, rateLimits.tools and timeouts.tools', async () => {
    expect(
      await problemsOf({
        plugins: { [NOTES]: true },
        policy: {
          tierRaise: { lst_notes: 'write' },
          rateLimits: { tools: { ad_note: { perMinute: 1 } } },
          timeouts: { tools: { delete_all: 1000 } },
        },
      }),
    ).toEqual([
      'policy.tierRaise.lst_notes: no enabled plugin has a tool named "lst_notes"',
      'policy.rateLimits.tools.ad_note: no enabled plugin has a tool named "ad_note"',
      'policy.timeouts.tools.delete_all: no enabled plugin has a tool named "delete_all"',
    ]);
  });

  it('a tool of a disabled plugin named in the policy', async () => {
    expect(
      await problemsOf({ plugins: { [NOTES]: false }, policy: { tierRaise: { add_note: 'destructive' } } }),
    ).toEqual(['policy.tierRaise.add_note: no enabled plugin has a tool named "add_note"']);
  });

  it('lowering a tier', async () => {
    expect(
      await problemsOf({ plugins: { [NOTES]: true }, policy: { tierRaise: { delete_all_notes: 'write' } } }),
    ).toEqual(['policy.tierRaise.delete_all_notes: cannot lower destructive to write (raise only)']);
  });

  it('plugin options of the wrong type, or unknown to the plugin', async () => {
    expect(
      await problemsOf({ plugins: { [NOTES]: { options: { maxNotes: 'many', colour: 'red' } } } }),
    ).toEqual([
      expect.stringMatching(/^plugins\["\.\/plugins\/notes"\]\.options\.maxNotes: .*number/),
      'plugins["./plugins/notes"].options.colour: unknown key',
    ]);
  });

  it('a wrong type in the kernel’s own sections', async () => {
    expect(await problemsOf({ plugins: { [NOTES]: 'yes' }, policy: { maxTier: 'all' } })).toEqual([
      expect.stringMatching(/^plugins\["\.\/plugins\/notes"\]: /),
      expect.stringMatching(/^policy\.maxTier: /),
    ]);
  });

  it('two plugins with the same name, or the same tool name', async () => {
    const notes = join(FIXTURES_DIR, 'plugins/notes/index.ts');
    const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-dup-'));
    writeFileSync(
      join(dir, 'twin.mjs'),
      `import notes from ${JSON.stringify(notes)};\nexport default notes;\n`,
    );
    writeFileSync(
      join(dir, 'copy.mjs'),
      `import notes from ${JSON.stringify(notes)};\nexport default { ...notes, name: 'copy' };\n`,
    );
    const problems = async (plugins: Record<string, boolean>) =>
      createKernel({
        config: { plugins, audit: { stderr: false } },
        configDir: dir,
        logger: silentLogger,
      }).then(
        () => [],
        (e: ConfigError) => e.problems,
      );
    expect(await problems({ [notes]: true, './twin.mjs': true })).toEqual([
      `plugins["./twin.mjs"]: named "notes", like plugins[${JSON.stringify(notes)}]`,
    ]);
    expect(await problems({ [notes]: true, './copy.mjs': true })).toEqual([
      `plugins["./copy.mjs"]: tool "list_notes" is also in plugins[${JSON.stringify(notes)}]`,
      `plugins["./copy.mjs"]: tool "add_note" is also in plugins[${JSON.stringify(notes)}]`,
      `plugins["./copy.mjs"]: tool "delete_all_notes" is also in plugins[${JSON.stringify(notes)}]`,
    ]);
  });

  it('a module that does not export a manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-xdr-manifest-'));
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'index.mjs'), 'export default { name: "Bad Name", tools: "none" };\n');
    const error = await createKernel({
      config: { plugins: { './bad': true }, audit: { stderr: false } },
      configDir: dir,
      logger: silentLogger,
    }).catch((e: ConfigError) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^plugins\["\.\/bad"\] manifest name: /),
        expect.stringMatching(/^plugins\["\.\/bad"\] manifest version: /),
        expect.stringMatching(/^plugins\["\.\/bad"\] manifest tools: /),
      ]),
    );
  });
});
