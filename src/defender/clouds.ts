import { ConfigError } from '../kernel/errors.js';

/** Where a tenant's identity platform, Graph and Defender for Endpoint live. No trailing slashes. */
export interface CloudEndpoints {
  readonly name: string;
  readonly loginUrl: string;
  readonly graphUrl: string;
  readonly mdeUrl: string;
  /** IMDS-style managed identity endpoint; undefined = MSAL's own source detection. */
  readonly managedIdentityUrl?: string;
}

export const CLOUD_NAMES = ['public', 'gcc', 'gcchigh', 'dod'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

/** Facts §6: GCC uses the worldwide login and Graph; GCC High and DoD have their own hosts. */
export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  public: {
    name: 'public',
    loginUrl: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    mdeUrl: 'https://api.securitycenter.microsoft.com',
  },
  gcc: {
    name: 'gcc',
    loginUrl: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    mdeUrl: 'https://api-gcc.securitycenter.microsoft.us',
  },
  gcchigh: {
    name: 'gcchigh',
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://graph.microsoft.us',
    mdeUrl: 'https://api-gov.securitycenter.microsoft.us',
  },
  dod: {
    name: 'dod',
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://dod-graph.microsoft.us',
    mdeUrl: 'https://api-gov.securitycenter.microsoft.us',
  },
};

export interface CustomCloud {
  loginUrl: string;
  graphUrl: string;
  mdeUrl: string;
  managedIdentityUrl?: string | undefined;
}

/** Resolves a cloud name or custom endpoints; custom endpoints are how tests reach the emulator. */
export function resolveCloud(cloud: CloudName | CustomCloud | undefined): CloudEndpoints {
  if (cloud === undefined) return CLOUDS.public;
  if (typeof cloud === 'string') {
    const known = CLOUDS[cloud];
    if (!known)
      throw new ConfigError(`Unknown cloud "${cloud}"`, [`cloud: one of ${CLOUD_NAMES.join(', ')}`]);
    return known;
  }
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    name: 'custom',
    loginUrl: trim(cloud.loginUrl),
    graphUrl: trim(cloud.graphUrl),
    mdeUrl: trim(cloud.mdeUrl),
    ...(cloud.managedIdentityUrl ? { managedIdentityUrl: trim(cloud.managedIdentityUrl) } : {}),
  };
}

/**
 * Scopes stay the real resource ids even when endpoints are custom (the emulator issues tokens with
 * these audiences). National clouds use their own Graph host as the resource (facts §6).
 */
export function scopeFor(cloud: CloudEndpoints, resource: 'graph' | 'mde'): string {
  if (resource === 'graph') {
    const host =
      cloud.name === 'gcchigh' || cloud.name === 'dod' ? cloud.graphUrl : 'https://graph.microsoft.com';
    return `${host}/.default`;
  }
  const mdeHost =
    cloud.name === 'gcc' || cloud.name === 'gcchigh' || cloud.name === 'dod'
      ? cloud.mdeUrl
      : 'https://api.securitycenter.microsoft.com';
  return `${mdeHost}/.default`;
}
