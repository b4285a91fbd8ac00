import { readFile } from 'node:fs/promises';
import type { CredentialFolder } from '../../emulator/cli-files.js';

export interface EmulatedTenants {
  /** The `tenants` section the emulator wrote (its seeded tenants, full and read-only apps). */
  readonly tenants: unknown;
  /** The variables its credentials name (PFX passphrases, secrets), to overlay on the environment. */
  readonly env: Record<string, string>;
}

/** `KEY=value` lines, as the emulator writes its `env` file. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/** Reads the ready config and env file the emulator wrote into its private folder. */
export async function readEmulatedTenants(files: CredentialFolder): Promise<EmulatedTenants> {
  const written = JSON.parse(await readFile(files.configFile, 'utf8')) as { tenants: unknown };
  return { tenants: written.tenants, env: parseEnvFile(await readFile(files.envFile, 'utf8')) };
}

/**
 * The sandbox's tenants: each emulated tenant once, through its full app. The emulator's ready config
 * also lists each tenant's read-only app as a tenant of its own (`contoso-readonly`), which is what
 * permission tests need (the test harness keeps them) but made `tenant: "*"` in the sandbox answer
 * for every tenant twice.
 */
export function oncePerTenant(emulated: EmulatedTenants, files: CredentialFolder): EmulatedTenants {
  const section = emulated.tenants as { default?: string; list?: Record<string, unknown> };
  const keys = new Set(files.tenants.map((tenant) => tenant.key));
  const list = Object.fromEntries(Object.entries(section.list ?? {}).filter(([key]) => keys.has(key)));
  return { ...emulated, tenants: { ...section, list } };
}
