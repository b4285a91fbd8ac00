import { z } from 'zod';
import { GraphClient } from '../../defender/graph.js';
import { AlertId, OneTenantArg } from '../../defender/ids.js';
import { Tenants } from '../../defender/tenants.js';
import { inject, type Preview, Tool, type ToolContext, type WriteTool } from '../../kernel/index.js';
import { TOOL_RATES } from '../tool-rates.js';
import { CommentResultSchema, commentText, postComment, previewComment } from './comment-writes.js';
import { alertKind } from './triage.js';
import { CommentText } from './triage-input.js';

const Input = z.object({
  alertId: AlertId,
  comment: CommentText,
  tenant: OneTenantArg,
});
type Input = z.output<typeof Input>;

const Output = z.object({ alertId: z.string().describe('The alert commented on.'), ...CommentResultSchema });
type Output = z.output<typeof Output>;

@Tool({
  name: 'add_alert_comment',
  title: 'Add alert comment',
  description:
    'Add a comment to one Defender XDR alert (ids from list_alerts or get_incident), stored exactly as given and shown ' +
    'with the app as its author. Two phases: preview, then repeat with the confirmation token. Comments ' +
    'cannot be edited or removed afterwards.',
  input: Input,
  output: Output,
  risk: 'write',
  rateLimit: TOOL_RATES.write,
  idempotent: false,
})
export class AddAlertComment implements WriteTool<Input, Output> {
  private readonly kind;

  constructor(
    @inject(GraphClient) graph: GraphClient,
    @inject(Tenants) private readonly tenants: Tenants,
  ) {
    this.kind = alertKind(graph);
  }

  async preview(input: Input, ctx: ToolContext): Promise<Preview> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return previewComment(this.kind, tenant, input.alertId, input.comment, ctx);
  }

  async execute(input: Input, ctx: ToolContext): Promise<Output> {
    const tenant = this.tenants.resolveOne(input.tenant, ctx.principal);
    return {
      alertId: input.alertId,
      ...(await postComment(this.kind, tenant, input.alertId, input.comment, ctx)),
    };
  }

  toText(output: Output): string {
    return commentText(`Alert ${output.alertId} in tenant "${output.tenant}"`, output);
  }
}
