import { z } from 'zod';
import { OneTenantArg } from '../../defender/ids.js';
import { INDICATOR_ACTIONS, INDICATOR_TYPES } from '../../defender/indicators/index.js';
import { TextView } from '../../defender/present.js';
import { inject, Tool, type ToolContext, type WriteTool } from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import type { SubmitInput } from './plan.js';
import { INDICATORS, type IndicatorsRuntime } from './runtime.js';
import { IndicatorSubmitter } from './submit.js';
import { type SubmitResult, SubmitResultSchema } from './submit-result.js';
import { indicatorFields } from './view.js';

const Input = z.object({
  indicatorType: z
    .enum(INDICATOR_TYPES)
    .describe(
      'FileSha1, FileSha256, FileMd5, CertificateThumbprint (SHA-1 of the certificate), IpAddress, DomainName or Url.',
    ),
  value: z
    .string()
    .min(1)
    .max(2048)
    .describe('The hash, address (one IP, no CIDR), bare domain ("bad.example") or full http(s) URL.'),
  action: z
    .enum(INDICATOR_ACTIONS)
    .describe(
      'Allowed, Audit (alerts only), Warn, Block, BlockAndRemediate (block and remediate files); Alert and ' +
        'AlertAndBlock are legacy. Block, AlertAndBlock and BlockAndRemediate stop things on devices.',
    ),
  title: z.string().min(1).max(200).describe('The indicator title (alert title when it alerts).'),
  description: z.string().min(1).max(1000).describe('Why: shown to every analyst in the Defender portal.'),
  severity: z.enum(['Informational', 'Low', 'Medium', 'High']).optional().describe('Severity of its alerts.'),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .describe(
      "Days until it expires; default the operator's defaultExpirationDays (30), at most maxExpirationDays.",
    ),
  permanent: z
    .boolean()
    .optional()
    .describe('No expiration. Refused for blocks unless the operator allows permanent blocks.'),
  recommendedActions: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe('Recommended actions shown with its alerts.'),
  deviceGroups: z
    .array(z.string().min(1).max(256))
    .max(50)
    .optional()
    .describe('Device group names it applies to; omit for all devices.'),
  generateAlert: z
    .boolean()
    .optional()
    .describe(
      'Whether it raises alerts; default true for Audit, Alert and AlertAndBlock (Audit requires it).',
    ),
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

@Tool({
  name: 'submit_indicator',
  title: 'Submit indicator',
  description:
    'Creates or updates (the same type and value) a Defender for Endpoint indicator: allow, audit, warn or ' +
    'block a file hash, certificate, IP address, domain or URL. The value is checked by type before any ' +
    'call. The preview reads the live indicator for the value (an update shows each field from -> to) and ' +
    'the blast radius: devices that saw the value in the last 30 days, the file signer and prevalence. ' +
    "Blocks always expire (default 30 days) and values on the operator's never-block list (own domains and " +
    "ranges, private addresses, Microsoft's update domains) are refused. Declared destructive: a person " +
    'approves every submission.',
  input: Input,
  output: SubmitResultSchema,
  risk: 'destructive',
  rateLimit: TOOL_RATES.destructive,
  idempotent: false,
})
export class SubmitIndicator implements WriteTool<Input, SubmitResult> {
  private readonly submitter: IndicatorSubmitter;

  constructor(@inject(INDICATORS) runtime: IndicatorsRuntime) {
    this.submitter = new IndicatorSubmitter(runtime);
  }

  preview(input: Input, ctx: ToolContext) {
    return this.submitter.preview(input as SubmitInput, ctx);
  }

  execute(input: Input, ctx: ToolContext) {
    return this.submitter.execute(input as SubmitInput, ctx);
  }

  toText(o: SubmitResult): string {
    const view = new TextView(`Indicator in tenant "${o.tenant}": ${o.outcome}.`).say(o.message);
    if (o.previous && o.outcome === 'updated') view.record('before', indicatorFields(o.previous));
    if (o.indicator) view.record('indicator', indicatorFields(o.indicator));
    return view.next(o.nextSteps).toString();
  }
}
