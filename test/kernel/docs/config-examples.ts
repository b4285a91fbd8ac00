import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds every operator-config example the documentation shows, so a test can run each through
 * `mcp-xdr check`. A new example needs nothing but to be written in one of these shapes:
 * - a ```ts/```js block calling `defineConfig(`: a whole config file;
 * - a ```ts/```js block starting with a top-level config key (`tenants: {`, `policy: {`...): a
 *   fragment, checked as `export default { <fragment> }`;
 * - a ```json block whose keys are config keys: a JSON config file;
 * - a ```json block in the Python mcp-defender-xdr tenants format (`tenant_id`): a tenants file.
 */
export type ExampleKind = 'config-ts' | 'fragment' | 'config-json' | 'tenants-file';

export interface ConfigExample {
  /** `docs/configuration.md:8`: where to look when it fails. */
  readonly where: string;
  readonly kind: ExampleKind;
  readonly text: string;
}

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CONFIG_KEYS = ['plugins', 'policy', 'audit', 'server', 'state', 'tenants', 'logLevel', 'auth'];
const FRAGMENT_START = new RegExp(`^(${CONFIG_KEYS.join('|')})\\s*:`);
/** Words only a config example uses: a block with one of them must be recognised as one. */
export const CONFIG_WORDS = /\b(maxTier|tierRaise|pfxPath|tenant_id|defineConfig)\b/;

export interface CodeBlock {
  readonly where: string;
  readonly lang: string;
  readonly text: string;
}

/** Fenced blocks, including those indented inside list items (their indent removed). */
export function codeBlocks(markdown: string, file: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const match of markdown.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```/gm)) {
    const indent = match[1]?.length ?? 0;
    const text = (match[3] ?? '')
      .split('\n')
      .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
      .join('\n');
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ where: `${file}:${line}`, lang: match[2] ?? '', text });
  }
  return blocks;
}

function firstCodeLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '' && !line.trim().startsWith('//')) ?? '';
}

function jsonKind(text: string): ExampleKind | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (text.includes('"tenant_id"')) return 'tenants-file';
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => CONFIG_KEYS.includes(key)) ? 'config-json' : undefined;
}

/** What kind of config example a block is, or undefined when it is not one. */
export function exampleKind(block: CodeBlock): ExampleKind | undefined {
  if (['ts', 'js', 'mjs'].includes(block.lang)) {
    if (block.text.includes('defineConfig(')) return 'config-ts';
    if (FRAGMENT_START.test(firstCodeLine(block.text).trim())) return 'fragment';
    return undefined;
  }
  return block.lang === 'json' ? jsonKind(block.text) : undefined;
}

/** The pages searched: README.md and every docs/*.md. */
export function documentationPages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs.sort()];
}

/** Every code block of the documentation, with its kind when it is a config example. */
export function documentedBlocks(): (CodeBlock & { kind: ExampleKind | undefined })[] {
  return documentationPages().flatMap((page) =>
    codeBlocks(readFileSync(join(ROOT, page), 'utf8'), page).map((block) => ({
      ...block,
      kind: exampleKind(block),
    })),
  );
}

/** The examples: the documentation's, and the example config file at the root. */
export function configExamples(): ConfigExample[] {
  const documented = documentedBlocks().flatMap(({ where, kind, text }) =>
    kind === undefined ? [] : [{ where, kind, text }],
  );
  const root = readFileSync(join(ROOT, 'mcp-xdr.config.ts'), 'utf8').replace(
    "'./src/kernel/config/define.js'",
    "'mcp-xdr/config'",
  );
  return [...documented, { where: 'mcp-xdr.config.ts', kind: 'config-ts', text: root }];
}
