import { existsSync } from 'node:fs';
import { join } from 'node:path';

const hasIndex = (dir: string) => ['index.js', 'index.ts'].some((file) => existsSync(join(dir, file)));

/** The built-in plugins the sandbox enables when it is given no config. */
export const SANDBOX_PLUGINS = [
  'incidents',
  'hunting',
  'enrichment',
  'devices',
  'identity',
  'indicators',
] as const;

/**
 * The sandbox's own config: the built-in plugins at `maxTier: 'destructive'`, so a newcomer can try
 * the acting tools (preview, confirmation, approval form) on emulated data; the guards apply as on a
 * real tenant. A built-in plugin this build does not have is left out with a warning.
 */
export function defaultSandboxConfig(
  builtinDir: string,
  warn: (message: string) => void,
): Record<string, unknown> {
  const present = SANDBOX_PLUGINS.filter((name) => hasIndex(join(builtinDir, name)));
  const missing = SANDBOX_PLUGINS.filter((name) => !present.includes(name));
  if (missing.length > 0) warn(`built-in plugins not in this build, left out: ${missing.join(', ')}`);
  return {
    plugins: Object.fromEntries(present.map((name) => [name, true])),
    policy: { maxTier: 'destructive' },
  };
}
