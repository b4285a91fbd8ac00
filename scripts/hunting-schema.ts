/**
 * Generates the documented Advanced Hunting schema as TypeScript data, once, from Microsoft's schema
 * reference: the `advanced-hunting-*-table.md` pages of MicrosoftDocs/defender-docs (folder
 * `defender-xdr/`), or digests of them in the same Markdown form, plus a digest of the built-in
 * function pages (`functions.md`, a table `| Function | Invoked | Parameters | Columns |`).
 *
 *   npm run build && node dist/scripts/hunting-schema.js <pages-dir>
 *
 * Writes two files that share nothing at run time (the emulator is an independent oracle and never
 * imports the plugin): the plugin's schema with descriptions, and the emulator's column lists.
 * The pages themselves are never committed; only the generated data is.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type ColumnType = 'datetime' | 'timespan' | 'string' | 'guid' | 'long' | 'int' | 'real' | 'bool' | 'dynamic';
interface Column {
  name: string;
  type: ColumnType;
  description: string;
}
interface Table {
  name: string;
  description: string;
  columns: Column[];
}
interface HuntingFunction {
  name: string;
  invoked: boolean;
  parameters: string;
  columns: Omit<Column, 'description'>[];
}

/** The docs spell types loosely: boolean, nullable bool, integer, object, array, enum. */
const TYPE_ALIASES: Record<string, ColumnType> = {
  datetime: 'datetime',
  timespan: 'timespan',
  string: 'string',
  enum: 'string',
  guid: 'guid',
  long: 'long',
  int: 'int',
  integer: 'int',
  real: 'real',
  double: 'real',
  bool: 'bool',
  boolean: 'bool',
  'nullable bool': 'bool',
  dynamic: 'dynamic',
  object: 'dynamic',
  array: 'dynamic',
};

function typeOf(raw: string, where: string): ColumnType {
  const type = TYPE_ALIASES[raw.replace(/`/g, '').trim().toLowerCase()];
  if (!type) throw new Error(`${where}: unknown data type '${raw}'`);
  return type;
}

const plain = (text: string) =>
  text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

export function parseTablePage(text: string, file: string): Table | undefined {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => /^\|\s*Column name\s*\|\s*Data type\s*\|/i.test(l.trim()));
  if (header < 0) return undefined;
  const name = (lines.find((l) => l.startsWith('# ')) ?? '')
    .slice(2)
    .replace(/\(Preview\)/i, '')
    .trim();
  const intro = lines.find((l) => /table in the .*schema contains/i.test(l)) ?? '';
  const contains = plain(intro).replace(/^.*?schema contains\s*/i, '');
  const description = contains
    ? `${contains.charAt(0).toUpperCase()}${contains.slice(1)}`.replace(/\.?\s*Use this reference.*$/, '.')
    : '';
  const columns: Column[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim().startsWith('|')) break;
    const [rawName = '', rawType = '', rawDescription = ''] = cells(line);
    // A footnote marker may follow the name: `Timestamp` [*](#mdi-only).
    const columnName = plain(rawName.replace(/\[\*+\]\([^)]*\)/g, '')).replace(/\s*\(Preview\)/i, '');
    if (!columnName) continue;
    columns.push({
      name: columnName.split(/\s+/)[0] ?? columnName,
      type: typeOf(rawType, `${file} ${columnName}`),
      description: plain(rawDescription),
    });
  }
  return { name, description, columns };
}

export function parseFunctions(text: string): HuntingFunction[] {
  return text
    .split('\n')
    .filter((l) => /^\|\s*[A-Z]\w+\s*\|\s*(invoke|call)\s*\|/.test(l))
    .map((line) => {
      const [name = '', invoked = '', parameters = '', columns = ''] = cells(line);
      return {
        name,
        invoked: invoked === 'invoke',
        parameters,
        columns: columns
          .split(/\s+/)
          .filter(Boolean)
          .map((spec) => {
            const [column = '', type = ''] = spec.split(':');
            return { name: column, type: typeOf(type, `${name} ${column}`) };
          }),
      };
    });
}

/** "KubernetesPodName" -> "Kubernetes pod name": a last resort where no page describes a column. */
const humanize = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 || /^[A-Z0-9]{2,}$/.test(w) ? w : w.toLowerCase())).join(' ');
};

/** A column described on one page but not another gets the description it has elsewhere. */
function fillDescriptions(tables: Table[]): void {
  const known = new Map<string, string>();
  for (const t of tables)
    for (const c of t.columns) if (c.description && !known.has(c.name)) known.set(c.name, c.description);
  for (const t of tables)
    for (const c of t.columns) c.description ||= known.get(c.name) ?? `${humanize(c.name)}.`;
}

function pluginFile(tables: Table[], functions: HuntingFunction[]): string {
  const table = (t: Table) =>
    `  {\n    name: ${JSON.stringify(t.name)},\n    description: ${JSON.stringify(t.description)},\n    columns: [\n${t.columns
      .map(
        (c) =>
          `      [${JSON.stringify(c.name)}, ${JSON.stringify(c.type)}, ${JSON.stringify(c.description)}],`,
      )
      .join('\n')}\n    ],\n  },`;
  return `${HEADER}
import type { DocumentedFunction, DocumentedTable } from './documented-types.js';

export const DOCUMENTED_TABLES: readonly DocumentedTable[] = [
${tables.map(table).join('\n')}
];

export const DOCUMENTED_FUNCTIONS: readonly DocumentedFunction[] = ${JSON.stringify(functions, null, 2)};
`;
}

function emulatorFile(tables: Table[], functions: HuntingFunction[]): string {
  const spec = (t: Table) => t.columns.map((c) => `${c.name}:${c.type}`).join(' ');
  return `${HEADER}
/** Every documented table's columns as \`Name:type\`, in the documented order. */
export const DOCUMENTED_COLUMNS: Readonly<Record<string, string>> = {
${tables.map((t) => `  ${t.name}: ${JSON.stringify(spec(t))},`).join('\n')}
};

/** The service's built-in functions: \`invoked\` ones extend the piped table with their columns. */
export const DOCUMENTED_FUNCTIONS: readonly {
  name: string;
  invoked: boolean;
  parameters: string;
  columns: string;
}[] = ${JSON.stringify(
    functions.map((f) => ({ ...f, columns: f.columns.map((c) => `${c.name}:${c.type}`).join(' ') })),
    null,
    2,
  )};
`;
}

const HEADER = `// Generated by scripts/hunting-schema.ts from Microsoft's Advanced Hunting schema reference
// (MicrosoftDocs/defender-docs, defender-xdr/advanced-hunting-*-table.md). Do not edit by hand.`;

function main(): void {
  const [dir, root = process.cwd()] = process.argv.slice(2);
  if (!dir) throw new Error('usage: hunting-schema <pages-dir> [repo-root]');
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && !f.includes(' copy'));
  const tables = files
    .map((f) => parseTablePage(readFileSync(join(dir, f), 'utf8'), f))
    .filter((t): t is Table => t !== undefined && t.name.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  fillDescriptions(tables);
  const functions = parseFunctions(readFileSync(join(dir, 'functions.md'), 'utf8'));
  writeFileSync(join(root, 'src/plugins/hunting/schema/documented.ts'), pluginFile(tables, functions));
  writeFileSync(join(root, 'src/emulator/data/hunting/documented.ts'), emulatorFile(tables, functions));
  console.log(`${tables.length} tables, ${functions.length} functions`);
}

if (process.argv[1]?.endsWith('hunting-schema.js')) main();
