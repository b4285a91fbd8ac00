import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliConfigSchema } from '../../../src/cli/config.js';
import { presentedCredential } from '../../../src/kernel/auth/credentials.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('docs/deployment.md and the README remote snippet', () => {
  it('every JSON config on the page is a valid config', () => {
    const configs = [...read('docs/deployment.md').matchAll(/```json\n([\s\S]*?)```/g)].map(
      (m) => m[1] as string,
    );
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs) {
      const parsed = cliConfigSchema.safeParse(JSON.parse(config));
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it('the Claude Code snippets send the key in a header the server reads', () => {
    for (const file of ['README.md', 'docs/deployment.md']) {
      const header = /claude mcp add --transport http \S+ \S+ --header "([^:]+): (mxk_[^"]*)"/.exec(
        read(file),
      );
      expect(header, file).not.toBeNull();
      const [, name, value] = header as RegExpExecArray;
      expect(presentedCredential({ [(name as string).toLowerCase()]: value })).toEqual({
        kind: 'x-api-key',
        value,
      });
    }
  });
});
