import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Typed identifiers for tool inputs. A tool that takes an id takes it in the shape Defender uses, so
 * a wrong kind of id (a DNS name where a machine id belongs, a path fragment, an OData snippet) is
 * refused before any request leaves, with a message that says what was expected.
 */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const MachineId = z
  .string()
  .regex(/^[0-9a-fA-F]{40}$/, 'a Defender for Endpoint machine id is 40 hexadecimal characters')
  .describe('Defender for Endpoint machine id: 40 hexadecimal characters (mdeDeviceId in alert evidence).');

/**
 * An id Defender keeps as digits in a string. Models often send it as a JSON number (`3022`): a
 * non-negative safe integer is accepted and becomes the same string; anything else is still refused.
 * Every numeric id a tool takes is built with this, so they all accept both spellings alike.
 */
export function numericId(message: string) {
  return z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((value) => String(value))
    .pipe(z.string().regex(/^[0-9]{1,19}$/, message));
}

export const IncidentId = numericId('an incident id is a number, e.g. "2972395"').describe(
  'Defender XDR incident id: a number, e.g. "2972395" (a JSON number is accepted too).',
);

/**
 * Alert ids by provider: Defender for Endpoint `da` + .NET ticks + `_` + a signed 32-bit number;
 * Office 365 `fa` + GUID; Defender for Identity `aa` + GUID; Identity Protection `ad` + 32 hex.
 */
const ALERT_ID =
  /^(da[0-9]{18}_-?[0-9]{1,10}|(fa|aa)[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|ad[0-9a-fA-F]{32})$/;

export const AlertId = z
  .string()
  .regex(ALERT_ID, 'an alert id looks like "da637551227677560813_-961444813" (or fa/aa + GUID, ad + 32 hex)')
  .describe('Alert id as Graph alerts_v2 gives it, e.g. "da637551227677560813_-961444813".');

export const ObjectId = z
  .string()
  .regex(GUID, 'an Entra object id is a GUID')
  .describe('Entra ID object id (GUID).');

export const UserPrincipalName = z
  .string()
  .max(113)
  .regex(
    /^[^\s@/\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
    'a user principal name looks like "name@contoso.com"',
  )
  .describe('User principal name, e.g. "adele@contoso.com".');

export const Sha1 = z
  .string()
  .regex(/^[0-9a-fA-F]{40}$/, 'a SHA-1 is 40 hexadecimal characters')
  .describe('SHA-1 file hash (40 hexadecimal characters).');

export const Sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'a SHA-256 is 64 hexadecimal characters')
  .describe('SHA-256 file hash (64 hexadecimal characters).');

export const FileHash = z
  .string()
  .regex(/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/, 'a file hash is a SHA-1 (40 hex) or SHA-256 (64 hex)')
  .describe('File hash: SHA-1 (40 hexadecimal characters) or SHA-256 (64).');

export const IpAddress = z
  .string()
  .max(45)
  .refine((value) => isIP(value) !== 0, 'an IP address is IPv4 ("10.1.2.3") or IPv6 ("2001:db8::1")')
  .describe('IPv4 or IPv6 address.');

export const DnsName = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    'a device DNS name looks like "desktop-01.contoso.com"',
  )
  .describe('Device DNS name as Defender for Endpoint knows it, e.g. "desktop-01.contoso.com".');

/** The optional `tenant` argument every Defender tool takes. */
export const TenantArg = z
  .string()
  .max(64)
  .optional()
  .describe(
    'Tenant key from the server configuration; omit for the default tenant; "*" for all (read tools only).',
  );

/** The `tenant` argument of a tool that reads one record or entity in one tenant (no `"*"`). */
export const OneTenantArg = TenantArg.describe('Tenant key; omit for the default. One tenant only (no "*").');
