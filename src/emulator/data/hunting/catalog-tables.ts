import { type GenericOptions, genericRows, type Profile } from './background-generic.js';
import { emailEvents, PHISH_EVERY } from './background-other.js';
import type { BackgroundContext } from './context.js';
import { DEVICE_EVENTS } from './profiles-device.js';
import { IMAGE_LOADS, LOGON_EVENTS, NETWORK_EVENTS, REGISTRY_EVENTS } from './profiles-network.js';
import {
  BEHAVIORS,
  BROWSER_EXTENSIONS,
  CERTIFICATES,
  EMAIL_ATTACHMENTS,
  EMAIL_URLS,
  IDENTITY_ACCOUNTS,
  NETWORK_INFO,
  OAUTH_APPS,
  POST_DELIVERY,
  SECURE_CONFIG,
  SIGN_INS,
  SOFTWARE,
  URL_CLICKS,
  VULNERABILITIES,
} from './profiles-other.js';
import type { RowSource } from './table.js';

/**
 * Which tables get profile rows (background-generic.ts), how many per scale 1, and how they tie in.
 * `catalog` layers add the documented ActionTypes hunts look for to tables that have a routine
 * generator; the others are the tables no dedicated generator fills.
 */
interface Layer {
  profile: Profile;
  rows: number;
  options?: (context: BackgroundContext, scale: number) => GenericOptions;
}

const MESSAGE_COLUMNS = [
  'Timestamp',
  'NetworkMessageId',
  'SenderFromAddress',
  'SenderDisplayName',
  'SenderObjectId',
  'RecipientEmailAddress',
  'RecipientObjectId',
  'InternetMessageId',
];

/** Mail rows belong to EmailEvents messages, so `join ... on NetworkMessageId` finds them. */
const ofMessages = (context: BackgroundContext, scale: number): GenericOptions => ({
  linkTo: {
    source: emailEvents(context, Math.round(4_000 * scale)),
    columns: MESSAGE_COLUMNS,
    // Threats belong to the campaign's messages (every PHISH_EVERY-th), the rest to any message.
    pick: (i, variant) => (variant.ThreatTypes ? i * PHISH_EVERY : i * 7),
  },
});
const recent = (): GenericOptions => ({ recent: true });

export const CATALOG_LAYERS: Readonly<Record<string, Layer>> = {
  DeviceEvents: { profile: DEVICE_EVENTS, rows: DEVICE_EVENTS.length * 6, options: recent },
  DeviceNetworkEvents: { profile: NETWORK_EVENTS, rows: NETWORK_EVENTS.length * 6, options: recent },
  DeviceRegistryEvents: { profile: REGISTRY_EVENTS, rows: REGISTRY_EVENTS.length * 6, options: recent },
  DeviceLogonEvents: { profile: LOGON_EVENTS, rows: LOGON_EVENTS.length * 12, options: recent },
  DeviceImageLoadEvents: { profile: IMAGE_LOADS, rows: IMAGE_LOADS.length * 6, options: recent },
  EmailAttachmentInfo: { profile: EMAIL_ATTACHMENTS, rows: 600, options: ofMessages },
  EmailUrlInfo: { profile: EMAIL_URLS, rows: 900, options: ofMessages },
  EmailPostDeliveryEvents: { profile: POST_DELIVERY, rows: 120, options: ofMessages },
  UrlClickEvents: { profile: URL_CLICKS, rows: 300, options: ofMessages },
  DeviceTvmSoftwareVulnerabilities: { profile: VULNERABILITIES, rows: 400 },
  DeviceTvmSoftwareInventory: { profile: SOFTWARE, rows: 320 },
  DeviceTvmSecureConfigurationAssessment: { profile: SECURE_CONFIG, rows: 280 },
  DeviceTvmBrowserExtensions: { profile: BROWSER_EXTENSIONS, rows: 80 },
  AADSignInEventsBeta: { profile: SIGN_INS, rows: 1_200 },
  EntraIdSignInEvents: { profile: SIGN_INS, rows: 1_200 },
  OAuthAppInfo: { profile: OAUTH_APPS, rows: 12 },
  DeviceNetworkInfo: { profile: NETWORK_INFO, rows: 240 },
  DeviceFileCertificateInfo: { profile: CERTIFICATES, rows: 90 },
  BehaviorInfo: { profile: BEHAVIORS, rows: 20 },
  IdentityAccountInfo: { profile: IDENTITY_ACCOUNTS, rows: 100 },
};

/** A table's profile rows at this scale, if it has any. */
export function catalogRows(context: BackgroundContext, table: string, scale: number): RowSource | undefined {
  const layer = CATALOG_LAYERS[table];
  if (!layer) return undefined;
  const rows = Math.max(layer.profile.length, Math.round(layer.rows * Math.min(1, scale)));
  return genericRows(context, table, rows, layer.profile, layer.options?.(context, scale));
}
