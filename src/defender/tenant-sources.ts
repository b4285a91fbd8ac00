import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../kernel/errors.js';
import { type CloudEndpoints, resolveCloud } from './clouds.js';
import type { CredentialSpec, TenantsSection } from './config.js';

/** One tenant, fully resolved: what the token and HTTP layers need. */
export interface TenantDefinition {
  /** OUR key (config, file or `default` for env). Results are labelled with it, never with upstream data. */
  readonly key: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: CredentialSpec;
  readonly cloud: CloudEndpoints;
  readonly caFile?: string | undefined;
  readonly proxy?: string | undefined;
  readonly source: 'config' | 'file' | 'env';
}

export interface ResolvedTenants {
  readonly tenants: readonly TenantDefinition[];
  readonly defaultKey: string;
  readonly concurrency: number;
  /** Operator warnings (weaker credentials, inline passphrases). Never contain secret values. */
  readonly warnings: readonly string[];
}

export interface SourceOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory relative `file` paths resolve against (the config file's folder). */
  baseDir?: string;
  platform?: NodeJS.Platform;
}

/** Python `mcp-defender-xdr` keys are `[A-Za-z0-9_-]{1,64}`; accepted as is so its files work unchanged. */
const PythonKey = /^[A-Za-z0-9_-]{1,64}$/;
const PythonTenant = z
  .object({
    tenant_id: z.string(),
    client_id: z.string(),
    cert_path: z.string().min(1),
    cert_passphrase_env: z.string().optional(),
    cert_passphrase: z.string().optional(),
  })
  .strict();
const PythonFile = z.object({ default: z.string(), tenants: z.record(z.string(), PythonTenant) }).strict();

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Refuses a tenants file that group or others can read: it names credentials (Python server rule). */
export function assertPrivateFile(path: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new ConfigError(`Tenants file not found or unreadable: ${path}`);
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    throw new ConfigError(
      `Tenants file ${path} is mode ${octal}; it must not be readable by group or others.`,
      [`fix: chmod 600 ${path}`],
    );
  }
}

/** A PEM file from the Python format holds key and certificate together; anything else is a PFX. */
function credentialFromCertPath(path: string, passphraseEnv?: string, passphrase?: string): CredentialSpec {
  const extras = {
    ...(passphraseEnv ? { passphraseEnv } : {}),
    ...(passphrase ? { passphrase } : {}),
  };
  if (/\.(pem|crt|cer|key)$/i.test(path)) {
    return { kind: 'certificate', keyPath: path, certPath: path, ...extras };
  }
  return { kind: 'certificate', pfxPath: path, ...extras };
}

export function readPythonTenantsFile(path: string, options: SourceOptions = {}): ResolvedTenants {
  assertPrivateFile(path, options.platform);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConfigError(`Tenants file ${path} is not valid JSON.`);
  }
  const parsed = PythonFile.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(
      `Tenants file ${path} is not in the mcp-defender-xdr format.`,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const warnings: string[] = [];
  const problems: string[] = [];
  const tenants: TenantDefinition[] = [];
  for (const [key, entry] of Object.entries(parsed.data.tenants)) {
    if (!PythonKey.test(key)) problems.push(`tenants: a key does not match [A-Za-z0-9_-]{1,64}`);
    if (!GUID.test(entry.tenant_id.trim())) problems.push(`tenants.${key}.tenant_id: must be a GUID`);
    if (!GUID.test(entry.client_id.trim())) problems.push(`tenants.${key}.client_id: must be a GUID`);
    if (entry.cert_passphrase_env !== undefined && entry.cert_passphrase !== undefined) {
      problems.push(`tenants.${key}: both cert_passphrase_env and cert_passphrase; choose one`);
    }
    if (entry.cert_passphrase !== undefined) {
      warnings.push(`tenant "${key}": inline cert_passphrase in ${path}; prefer cert_passphrase_env`);
    }
    tenants.push({
      key,
      tenantId: entry.tenant_id.trim(),
      clientId: entry.client_id.trim(),
      credential: credentialFromCertPath(entry.cert_path, entry.cert_passphrase_env, entry.cert_passphrase),
      cloud: resolveCloud(undefined),
      source: 'file',
    });
  }
  if (!tenants.some((t) => t.key === parsed.data.default))
    problems.push(`default: must name a tenant in the file`);
  if (problems.length > 0) throw new ConfigError(`Tenants file ${path} is invalid.`, problems);
  return { tenants, defaultKey: parsed.data.default, concurrency: 5, warnings };
}

/**
 * Single tenant from the environment: the Azure SDK names, and the Python server's
 * `AZURE_CERT_PATH` / `AZURE_CERT_PASSPHRASE`. Secrets stay in the environment: we keep the NAME.
 */
export function tenantFromEnv(
  env: NodeJS.ProcessEnv,
): { tenant: TenantDefinition; warnings: string[] } | undefined {
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  if (!tenantId || !clientId) return undefined;
  const problems: string[] = [];
  if (!GUID.test(tenantId)) problems.push('AZURE_TENANT_ID: must be a GUID');
  if (!GUID.test(clientId)) problems.push('AZURE_CLIENT_ID: must be a GUID');
  const warnings: string[] = [];
  let credential: CredentialSpec | undefined;
  const certPath = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim() || env.AZURE_CERT_PATH?.trim();
  if (certPath) {
    const passphraseEnv = env.AZURE_CLIENT_CERTIFICATE_PATH?.trim()
      ? env.AZURE_CLIENT_CERTIFICATE_PASSWORD
        ? 'AZURE_CLIENT_CERTIFICATE_PASSWORD'
        : undefined
      : env.AZURE_CERT_PASSPHRASE
        ? 'AZURE_CERT_PASSPHRASE'
        : undefined;
    credential = credentialFromCertPath(certPath, passphraseEnv);
  } else if (env.AZURE_CLIENT_SECRET) {
    credential = { kind: 'secret', secretEnv: 'AZURE_CLIENT_SECRET' };
    warnings.push(
      'tenant "default": client secret from AZURE_CLIENT_SECRET; a certificate is the stronger choice',
    );
  } else {
    problems.push('set AZURE_CLIENT_CERTIFICATE_PATH (or AZURE_CERT_PATH) or AZURE_CLIENT_SECRET');
  }
  if (problems.length > 0 || !credential) {
    throw new ConfigError('Single-tenant environment configuration is incomplete.', problems);
  }
  return {
    tenant: { key: 'default', tenantId, clientId, credential, cloud: resolveCloud(undefined), source: 'env' },
    warnings,
  };
}

function withAbsolutePaths(credential: CredentialSpec, base: string): CredentialSpec {
  if (credential.kind !== 'certificate') return credential;
  if ('pfxPath' in credential) return { ...credential, pfxPath: resolvePath(base, credential.pfxPath) };
  return {
    ...credential,
    keyPath: resolvePath(base, credential.keyPath),
    certPath: resolvePath(base, credential.certPath),
  };
}

function warningsFor(t: TenantDefinition): string[] {
  const c = t.credential;
  if (c.kind === 'secret')
    return [`tenant "${t.key}": client secret credential; a certificate is the stronger choice`];
  if (c.kind === 'certificate' && 'passphrase' in c && c.passphrase !== undefined && t.source === 'config') {
    return [`tenant "${t.key}": inline passphrase in the config; prefer passphraseEnv`];
  }
  return [];
}

/**
 * Merges inline tenants, the tenants file and (only when neither names a tenant) the environment.
 * Fails with one ConfigError listing every problem.
 */
export function resolveTenants(
  section: TenantsSection | undefined,
  options: SourceOptions = {},
): ResolvedTenants {
  const env = options.env ?? process.env;
  const tenants: TenantDefinition[] = [];
  const warnings: string[] = [];
  // Paths in the config are relative to the config file, like every other path in it.
  const base = options.baseDir ?? process.cwd();
  for (const [key, entry] of Object.entries(section?.list ?? {})) {
    const t: TenantDefinition = {
      key,
      tenantId: entry.tenantId,
      clientId: entry.clientId,
      credential: withAbsolutePaths(entry.credential, base),
      cloud: resolveCloud(entry.cloud),
      caFile: entry.caFile === undefined ? undefined : resolvePath(base, entry.caFile),
      proxy: entry.proxy,
      source: 'config',
    };
    tenants.push(t);
    warnings.push(...warningsFor(t));
  }
  let fileDefault: string | undefined;
  const filePath = section?.file ?? env.MCP_DEFENDER_XDR_TENANTS_FILE;
  if (filePath) {
    const fromFile = readPythonTenantsFile(resolvePath(base, filePath), options);
    for (const t of fromFile.tenants) {
      if (tenants.some((x) => x.key === t.key)) {
        throw new ConfigError('Duplicate tenant key.', [
          `tenants: "${t.key}" is in both tenants.list and ${filePath}`,
        ]);
      }
      tenants.push(t);
    }
    warnings.push(...fromFile.warnings);
    fileDefault = fromFile.defaultKey;
  }
  if (tenants.length === 0) {
    const fromEnv = tenantFromEnv(env);
    if (fromEnv) {
      tenants.push(fromEnv.tenant);
      warnings.push(...fromEnv.warnings);
    }
  }
  if (tenants.length === 0) {
    throw new ConfigError('No tenant is configured.', [
      'tenants.list: add a tenant, or tenants.file: a tenants JSON, or set AZURE_TENANT_ID and AZURE_CLIENT_ID',
    ]);
  }
  const defaultKey = section?.default ?? fileDefault ?? (tenants.length === 1 ? tenants[0]?.key : undefined);
  if (defaultKey === undefined) {
    throw new ConfigError('More than one tenant and no default.', [
      'tenants.default: name the default tenant',
    ]);
  }
  if (!tenants.some((t) => t.key === defaultKey)) {
    throw new ConfigError('The default tenant is not configured.', [
      'tenants.default: must name a configured tenant',
    ]);
  }
  return { tenants, defaultKey, concurrency: section?.concurrency ?? 5, warnings };
}
