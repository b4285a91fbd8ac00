import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Jiti } from 'jiti';

let instance: Promise<Jiti> | undefined;

/**
 * jiti is loaded on first use only (it is slow to load, and most deployments need it for nothing).
 * It writes nothing next to the file (no fs cache) and re-reads edited files (no module cache).
 */
function jiti(): Promise<Jiti> {
  instance ??= import('jiti').then(({ createJiti }) =>
    createJiti(import.meta.url, { fsCache: false, moduleCache: false }),
  );
  return instance;
}

function isTypeScript(file: string): boolean {
  return /\.[cm]?ts$/.test(file);
}

/** Imports TypeScript through jiti (never writing files beside it). */
export async function importTypeScript<T>(file: string): Promise<T> {
  return (await jiti()).import<T>(file, { default: true });
}

/** A module namespace's default export, or the namespace when there is none. */
export function defaultExport<T>(namespace: unknown): T {
  return (namespace as { default?: T }).default ?? (namespace as T);
}

/**
 * Imports a module file and returns its default export (or the namespace when there is none).
 * JavaScript is imported natively, so it shares module instances with the kernel; TypeScript goes
 * natively first (a runner such as vitest may handle it) and through jiti when Node refuses it.
 */
export async function importDefault<T>(fileOrUrl: string): Promise<T> {
  const url = fileOrUrl.startsWith('file:') ? fileOrUrl : pathToFileURL(fileOrUrl).href;
  try {
    return defaultExport<T>(await import(url));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (isTypeScript(url) && code === 'ERR_UNKNOWN_FILE_EXTENSION') {
      return importTypeScript<T>(fileURLToPath(url));
    }
    throw error;
  }
}

/** Resolves a package name with ESM conditions, as if imported from `fromDir`; undefined if absent. */
export async function resolvePackage(name: string, fromDir: string): Promise<string | undefined> {
  return (await jiti()).esmResolve(name, { parentURL: pathToFileURL(`${fromDir}/`).href, try: true });
}
