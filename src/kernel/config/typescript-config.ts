import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importTypeScript } from '../import-file.js';

/**
 * A `.ts` config loaded without jiti where it is safe to: jiti and its transform cost about 150 ms of
 * every start, more than the rest of the config. The types are stripped (Node's own stripper, amaro,
 * in strip-only mode: what Node 22+ runs natively), relative imports are made absolute, and the result
 * is kept as an ES module in `node_modules/.cache/mcp-xdr-config/` beside the packages the config
 * imports (so bare imports such as `mcp-xdr/config` resolve as from the config itself), keyed by the
 * SHA-256 of the config's path and text: the next start with an unchanged config strips nothing.
 *
 * Anything this cannot load as jiti would (TypeScript-only syntax such as enums, `import.meta`,
 * CommonJS globals, imports of files Node cannot import as they are, no node_modules folder above the
 * config, a cache folder others may write to) goes through jiti, as before.
 */
const FORMAT = 'v1';
const CACHE = join('node_modules', '.cache', 'mcp-xdr-config');
/** What Node imports as it is (from a relative import in the config). */
const NATIVE = new Set(['.js', '.mjs', '.cjs']);
/** Makes Node evaluate the cached module again on each load, as jiti without a module cache does. */
let loads = 0;

export async function loadTypeScriptConfig(file: string): Promise<unknown> {
  const compiled = await compiledConfig(file).catch(() => undefined);
  if (compiled === undefined) return importTypeScript(file);
  try {
    loads += 1;
    const namespace = (await import(`${pathToFileURL(compiled).href}?load=${loads}`)) as {
      default?: unknown;
    };
    return namespace.default;
  } catch {
    // jiti reports the config's own errors as before (and loads what the fast path could not).
    return importTypeScript(file);
  }
}

/** The cached module for this config text, made if absent; undefined when the fast path does not apply. */
async function compiledConfig(file: string): Promise<string | undefined> {
  const source = readFileSync(file, 'utf8');
  if (/\bimport\.meta\b|\b__dirname\b|\b__filename\b|\brequire\s*\(/.test(source)) return undefined;
  const dir = cacheDir(dirname(file));
  if (dir === undefined) return undefined;
  const fileKey = sha256(file).slice(0, 16);
  const path = join(dir, `${fileKey}-${sha256(`${FORMAT}\n${process.version}\n${source}`).slice(0, 32)}.mjs`);
  if (existsSync(path)) return path;
  const code = withAbsoluteImports(await stripTypes(source, file), file);
  if (code === undefined) return undefined;
  // Older versions of this config are dropped; the new one appears whole (written, then renamed).
  for (const old of readdirSync(dir))
    if (old.startsWith(`${fileKey}-`)) rmSync(join(dir, old), { force: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, code, { mode: 0o600 });
  renameSync(temporary, path);
  return path;
}

/** The cache folder under the nearest node_modules above the config, private to this user. */
function cacheDir(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) {
      const cache = join(dir, CACHE);
      mkdirSync(cache, { recursive: true, mode: 0o700 });
      const stat = lstatSync(cache);
      const ownUid = process.getuid?.();
      const private_ =
        stat.isDirectory() && (stat.mode & 0o022) === 0 && (ownUid === undefined || stat.uid === ownUid);
      return private_ ? cache : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

type Stripper = (source: string) => string;
let stripper: Promise<Stripper> | undefined;

/** Node's own type stripping when this Node has it (22.13+), else the same code from amaro. */
function loadStripper(): Promise<Stripper> {
  stripper ??= import('node:module').then(async (module) => {
    const native = (module as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes;
    if (native !== undefined) return (code: string) => native(code);
    const amaro = (await import('amaro')) as {
      transformSync(code: string, options: object): { code: string };
    };
    return (code: string) => amaro.transformSync(code, { mode: 'strip-only' }).code;
  });
  return stripper;
}

async function stripTypes(source: string, file: string): Promise<string> {
  if (extname(file) === '.cts') throw new Error('CommonJS TypeScript is left to jiti');
  return (await loadStripper())(source);
}

/** Import statements' and `import()`s' module specifiers (string literals). */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\2/g;

/**
 * Relative specifiers made absolute (the module lives in the cache, not beside the config). Returns
 * undefined when one names what Node cannot import as it is (a `.ts` file, JSON, a folder).
 */
function withAbsoluteImports(code: string, file: string): string | undefined {
  const base = pathToFileURL(file);
  let refused = false;
  const rewritten = code.replace(SPECIFIER, (whole, lead: string, quote: string, specifier: string) => {
    if (!specifier.startsWith('./') && !specifier.startsWith('../') && !specifier.startsWith('/'))
      return whole;
    const target = new URL(specifier, base);
    if (!NATIVE.has(extname(target.pathname)) || !existsSync(fileURLToPath(target))) refused = true;
    return `${lead}${quote}${target.href}${quote}`;
  });
  return refused ? undefined : rewritten;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
