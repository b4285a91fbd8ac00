import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningEmulator } from './start.js';

export interface AppFiles {
  name: string;
  clientId: string;
  roles: string[];
  pfxFile: string;
  /** Name of the variable (in the env file) holding the PFX passphrase. */
  passphraseEnv: string;
  keyFile: string;
  certFile: string;
  secretFile: string;
  /** Name of the variable (in the env file) holding the client secret. */
  secretEnv: string;
  thumbprintSha1: string;
  thumbprintSha256: string;
}

export interface CredentialFolder {
  folder: string;
  caFile: string;
  envFile: string;
  configFile: string;
  controlKeyEnv: string;
  tenants: {
    key: string;
    tenantId: string;
    domain: string;
    managedIdentityClientId: string;
    apps: AppFiles[];
  }[];
}

export const CONTROL_KEY_ENV = 'MCP_XDR_EMU_CONTROL_KEY';

const envName = (...parts: string[]) =>
  `MCP_XDR_EMU_${parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')}`;

/** 0600 and never overwriting: the folder is fresh, so an existing file means something is wrong. */
async function writePrivate(path: string, content: string | Buffer): Promise<string> {
  await writeFile(path, content, { mode: 0o600, flag: 'wx' });
  return path;
}

/**
 * Writes everything a client needs into a fresh 0700 temp folder: the CA, each app's PFX, PEM key,
 * PEM certificate and secret, an `env` file with the passphrases, secrets and control key, and a
 * ready mcp-xdr config in the `tenants` contract (secrets referenced by variable name only).
 */
export async function writeCredentialFolder(emulator: RunningEmulator): Promise<CredentialFolder> {
  const folder = await mkdtemp(join(tmpdir(), 'mcp-xdr-emulator-'));
  await chmod(folder, 0o700);
  const caFile = await writePrivate(join(folder, 'ca.pem'), emulator.ca);
  const env: string[] = [
    `${CONTROL_KEY_ENV}=${emulator.control.key}`,
    `IDENTITY_ENDPOINT=${emulator.managedIdentity.endpoint}`,
    `IDENTITY_HEADER=${emulator.managedIdentity.header}`,
  ];
  const tenants: CredentialFolder['tenants'] = [];
  const list: Record<string, unknown> = {};
  const cloud = {
    loginUrl: emulator.urls.login,
    graphUrl: emulator.urls.graph,
    mdeUrl: emulator.urls.mde,
    managedIdentityUrl: emulator.urls.managedIdentity,
  };
  for (const tenant of emulator.tenants) {
    const apps: AppFiles[] = [];
    for (const app of tenant.apps) {
      const base = join(folder, `${tenant.key}-${app.name}`);
      const files: AppFiles = {
        name: app.name,
        clientId: app.clientId,
        roles: app.roles,
        pfxFile: await writePrivate(`${base}.pfx`, app.certificate.pfx),
        passphraseEnv: envName(tenant.key, app.name, 'passphrase'),
        keyFile: await writePrivate(`${base}.key.pem`, app.certificate.keyPem),
        certFile: await writePrivate(`${base}.cert.pem`, app.certificate.certPem),
        secretFile: await writePrivate(`${base}.secret`, app.secret),
        secretEnv: envName(tenant.key, app.name, 'secret'),
        thumbprintSha1: app.certificate.thumbprintSha1,
        thumbprintSha256: app.certificate.thumbprintSha256,
      };
      env.push(`${files.passphraseEnv}=${app.certificate.passphrase}`, `${files.secretEnv}=${app.secret}`);
      list[app.name === 'full' ? tenant.key : `${tenant.key}-${app.name}`] = {
        tenantId: tenant.tenantId,
        clientId: app.clientId,
        // The full app uses the PEM pair, so the config works before anyone loads the env file; the
        // read-only app uses the PFX and its passphrase variable, so both credential shapes get exercised.
        credential:
          app.name === 'full'
            ? { kind: 'certificate', keyPath: files.keyFile, certPath: files.certFile }
            : { kind: 'certificate', pfxPath: files.pfxFile, passphraseEnv: files.passphraseEnv },
        cloud,
        caFile,
      };
      apps.push(files);
    }
    tenants.push({
      key: tenant.key,
      tenantId: tenant.tenantId,
      domain: tenant.domain,
      managedIdentityClientId: tenant.managedIdentityClientId,
      apps,
    });
  }
  const envFile = await writePrivate(join(folder, 'env'), `${env.join('\n')}\n`);
  const config = { tenants: { default: emulator.tenants[0]?.key, list } };
  const configFile = await writePrivate(
    join(folder, 'mcp-xdr.config.json'),
    `${JSON.stringify(config, null, 2)}\n`,
  );
  return { folder, caFile, envFile, configFile, controlKeyEnv: CONTROL_KEY_ENV, tenants };
}
