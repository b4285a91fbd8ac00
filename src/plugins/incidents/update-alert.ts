import { z } from 'zod';
import { GraphClient } from '../../defender/graph.js';
import { AlertId, OneTenantArg } from '../../defender/ids.js';
import { Tenants } from '../../defender/tenants.js';
import { inject, type Preview, Tool, type ToolContext, type WriteTool } from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { applySingle, previewSingle, TriageResultSchema, triageText } from './single-triage.js';
import { alertKind } from './triage.js';
import { alertChangeFields, askOf } from './triage-input.js';

const Input = z.object({
  alertId: AlertId,
  ...alertChangeFields,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({ alertId: z.string().describe('The alert updated.'), ...TriageResultSchema });
type Output = z.output<typeof Output>;

@Tool({
  name: 'update_alert',
  title: 'Update alert',
  description:
    'Triage one Defender XDR alert (Graph alerts_v2): set status (new, inProgress, resolved), owner ' +
    '(assignedTo), and classification with a matching determination. Two phases: the first call previews each ' +
    'field from -> to against the live alert and returns a confirmation token; repeat with the token to apply. ' +
    'If anyone changes the alert in between, the confirmation is refused (stale_preview). ' +
    'To comment use add_alert_comment; for the whole incident use update_incident.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: true,
})
export class UpdateAlert implements WriteTool<Input, Output> {
  private readonly kind;

  constructor(
    @inject(GraphClient) graph: GraphClient,
    @inject(Tenants) private readonly tenants: Tenants,
  ) {
    this.kind = alertKind(graph);
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return previewSingle(this.kind, tenant, input.alertId, askOf(input), ctx);
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    const result = await applySingle('update_alert', this.kind, tenant, input.alertId, askOf(input), ctx);
    return { alertId: input.alertId, ...result };
  }

  toText(output: Output): string {
    return triageText(`Alert ${output.alertId} in tenant "${output.tenant}"`, output);
  }
}
