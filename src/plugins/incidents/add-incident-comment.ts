import { z } from 'zod';
import { GraphClient } from '../../defender/graph.js';
import { IncidentId, OneTenantArg } from '../../defender/ids.js';
import { Tenants } from '../../defender/tenants.js';
import { inject, type Preview, Tool, type ToolContext, type WriteTool } from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { CommentResultSchema, commentText, postComment, previewComment } from './comment-writes.js';
import { incidentKind } from './triage.js';
import { CommentText } from './triage-input.js';

const Input = z.object({
  incidentId: IncidentId,
  comment: CommentText,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({
  incidentId: z.string().describe('The incident commented on.'),
  ...CommentResultSchema,
});
type Output = z.output<typeof Output>;

@Tool({
  name: 'add_incident_comment',
  title: 'Add incident comment',
  description:
    'Add a comment to one Defender XDR incident (ids from list_incidents), stored exactly as given and shown ' +
    'with the app as its author. Two phases: preview, then repeat with the confirmation token. Comments ' +
    'cannot be edited or removed afterwards.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: false,
})
export class AddIncidentComment implements WriteTool<Input, Output> {
  private readonly kind;

  constructor(
    @inject(GraphClient) graph: GraphClient,
    @inject(Tenants) private readonly tenants: Tenants,
  ) {
    this.kind = incidentKind(graph);
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return previewComment(this.kind, tenant, input.incidentId, input.comment, ctx);
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return {
      incidentId: input.incidentId,
      ...(await postComment(this.kind, tenant, input.incidentId, input.comment, ctx)),
    };
  }

  toText(output: Output): string {
    return commentText(`Incident ${output.incidentId} in tenant "${output.tenant}"`, output);
  }
}
