import { accessSync, constants, statSync } from 'node:fs';
import type { TenantsSection } from './config.js';
import { resolveTenants, type SourceOptions, type TenantDefinition } from './tenant-sources.js';

/** What `mcp-xdr check` can tell about the tenants without signing in. */
export interface OfflineTenantReport {
  /** Worth saying, not fatal: placeholder ids, weaker credentials. Never secret values. */
  readonly warnings: readonly string[];
  /** The server could not sign in with this: a credential or CA file that is not there. */
  readonly problems: readonly string[];
}

/** The all-zero GUID the example config and templates ship with: never a real tenant or app. */
const PLACEHOLDER_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

function placeholderWarnings(t: TenantDefinition): string[] {
  const ids: [string, string | undefined, string][] = [
    ['tenantId', t.tenantId, 'your Microsoft Entra tenant id'],
    ['clientId', t.clientId, "the app registration's application (client) id"],
  ];
  if (t.credential.kind === 'managedIdentity') {
    ids.push(['credential.clientId', t.credential.clientId, "the managed identity's client id"]);
  }
  return ids
    .filter(([, value]) => value !== undefined && PLACEHOLDER_GUID.test(value))
    .map(
      ([field, , what]) => `tenant "${t.key}": ${field} is the placeholder all-zero GUID; put ${what} here`,
    );
}

/** Which files the tenant reads at sign-in, labelled as the operator wrote them. */
function filesOf(t: TenantDefinition): [string, string][] {
  const files: [string, string][] = [];
  const c = t.credential;
  if (c.kind === 'certificate' && 'pfxPath' in c) files.push(['PFX file', c.pfxPath]);
  if (c.kind === 'certificate' && 'keyPath' in c) {
    files.push(['PEM key file', c.keyPath]);
    if (c.certPath !== c.keyPath) files.push(['PEM certificate file', c.certPath]);
  }
  if (t.caFile !== undefined) files.push(['CA file (caFile)', t.caFile]);
  return files;
}

function unreadable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  }
}

function fileProblems(t: TenantDefinition): string[] {
  const where = t.source === 'config' ? ' (relative paths start at the config file)' : '';
  return filesOf(t).flatMap(([label, path]) => {
    const why = unreadable(path);
    return why === undefined ? [] : [`tenant "${t.key}": ${label} ${path} ${why}${where}`];
  });
}

/**
 * The offline half of `mcp-xdr check` for the `tenants` section (and a tenants file or the
 * environment): every credential and CA file must exist and be readable, placeholder ids are
 * warned about. Signing in and permissions are `check --online`'s job. Throws the ConfigError of
 * `resolveTenants` for a section it cannot resolve (no tenant, bad tenants file).
 */
export function checkTenantsOffline(
  section: TenantsSection | undefined,
  options: SourceOptions = {},
): OfflineTenantReport {
  const resolved = resolveTenants(section, options);
  return {
    warnings: [...resolved.warnings, ...resolved.tenants.flatMap(placeholderWarnings)],
    problems: resolved.tenants.flatMap(fileProblems),
  };
}
