import { z } from 'zod';
import { GraphClient } from '../../defender/graph.js';
import { IncidentId, OneTenantArg } from '../../defender/ids.js';
import { Tenants } from '../../defender/tenants.js';
import { inject, type Preview, Tool, type ToolContext, type WriteTool } from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { applySingle, previewSingle, TriageResultSchema, triageText } from './single-triage.js';
import { incidentKind } from './triage.js';
import { askOf, incidentChangeFields } from './triage-input.js';

const Input = z.object({
  incidentId: IncidentId,
  ...incidentChangeFields,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({ incidentId: z.string().describe('The incident updated.'), ...TriageResultSchema });
type Output = z.output<typeof Output>;

@Tool({
  name: 'update_incident',
  title: 'Update incident',
  description:
    'Triage one Defender XDR incident: set status (active, inProgress, resolved), owner (assignedTo), ' +
    'classification with a matching determination, add or remove custom tags (other tags are kept), and ' +
    'optionally add a comment. Two phases: the first call previews each field from -> to against the live ' +
    'incident and returns a confirmation token; repeat the call with the token to apply. If anyone changes ' +
    'the incident in between, the confirmation is refused (stale_preview) and nothing is written. ' +
    'For many incidents at once use update_incidents.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: true,
})
export class UpdateIncident implements WriteTool<Input, Output> {
  private readonly kind;

  constructor(
    @inject(GraphClient) graph: GraphClient,
    @inject(Tenants) private readonly tenants: Tenants,
  ) {
    this.kind = incidentKind(graph);
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return previewSingle(this.kind, tenant, input.incidentId, askOf(input), ctx);
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    const result = await applySingle(
      'update_incident',
      this.kind,
      tenant,
      input.incidentId,
      askOf(input),
      ctx,
    );
    return { incidentId: input.incidentId, ...result };
  }

  toText(output: Output): string {
    return triageText(`Incident ${output.incidentId} in tenant "${output.tenant}"`, output);
  }
}
