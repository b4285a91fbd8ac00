import { z } from 'zod';
import type { Vulnerability } from '../../defender/schemas/mde.js';
import { orNull } from './values.js';

/** A device's vulnerability as enrich_device shows it: what it is, how bad, whether it is exploited. */
export const VulnerabilityRefSchema = z.object({
  cveId: z.string(),
  severity: z.string().nullable(),
  cvssV3: z.number().nullable(),
  exploit: z
    .enum(['inKit', 'verified', 'public', 'none', 'unknown'])
    .describe('Best known exploit: in an exploit kit, verified, public, none known (or not reported).'),
  exposedMachines: z.number().nullable().describe('Machines of the tenant exposed to it.'),
  description: z.string().nullable(),
});
export type VulnerabilityRef = z.output<typeof VulnerabilityRefSchema>;

const SEVERITY = ['Critical', 'High', 'Medium', 'Low'];
const EXPLOIT = ['inKit', 'verified', 'public', 'none', 'unknown'];

function exploitOf(v: Vulnerability): VulnerabilityRef['exploit'] {
  if (v.exploitInKit) return 'inKit';
  if (v.exploitVerified) return 'verified';
  if (v.publicExploit) return 'public';
  return v.publicExploit === false ? 'none' : 'unknown';
}

const rank = (list: string[], value: string | null | undefined) => {
  const i = list.indexOf(value ?? '');
  return i === -1 ? list.length : i;
};

/** Worst first: severity, then exploitability, then CVSS (the order Defender's portal ranks by). */
export function worstFirst(a: Vulnerability, b: Vulnerability): number {
  return (
    rank(SEVERITY, a.severity) - rank(SEVERITY, b.severity) ||
    rank(EXPLOIT, exploitOf(a)) - rank(EXPLOIT, exploitOf(b)) ||
    (b.cvssV3 ?? 0) - (a.cvssV3 ?? 0)
  );
}

export function vulnerabilityRef(v: Vulnerability): VulnerabilityRef {
  return {
    cveId: v.id,
    severity: orNull(v.severity),
    cvssV3: v.cvssV3 ?? null,
    exploit: exploitOf(v),
    exposedMachines: v.exposedMachines ?? null,
    description: orNull(v.description),
  };
}
