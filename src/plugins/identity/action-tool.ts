import { z } from 'zod';
import { ObjectId, OneTenantArg, UserPrincipalName } from '../../defender/ids.js';
import { escapeDeep } from '../../defender/present.js';
import { inject, Tool, type ToolContext, token, type WriteTool } from '../../kernel/index.js';
import type { ToolClass } from '../../kernel/types.js';
import { rateForTier } from '../tool-rates.js';
import { PROVIDERS } from './account.js';
import type { AccountInput, IdentityActionDef, IdentityActions } from './runner.js';

/** The DI token of the plugin's IdentityActions runner (registered by the manifest's setup). */
export const IDENTITY_ACTIONS = token<IdentityActions>('mcp-xdr.identity.actions');

const Input = z.object({
  account: z
    .union([ObjectId, UserPrincipalName])
    .describe(
      'The account: its UPN ("adele@contoso.com"), Entra object id, or Defender for Identity account id ' +
        '(an account that lives only in Active Directory or Okta has only the last).',
    ),
  providers: z
    .array(z.enum(PROVIDERS as [string, ...string[]]))
    .min(1)
    .max(3)
    .optional()
    .describe(
      'Act only in these identity providers (entraID, activeDirectory, okta); omit for every one that applies.',
    ),
  tenant: OneTenantArg,
});

const Output = z.object({
  tenant: z.string(),
  account: z.object({
    id: z.string(),
    upn: z.string().nullable(),
    displayName: z.string().nullable(),
    nameFlags: z
      .array(z.string())
      .describe('Why the names need a second look (invisible characters, mixed scripts).'),
  }),
  outcomes: z
    .array(
      z.object({
        provider: z.string(),
        via: z.string(),
        action: z.string(),
        identifier: z.string(),
        status: z
          .enum(['done', 'failed', 'unknown'])
          .describe('unknown: the request may have landed; read the account again.'),
        correlationId: z.string().nullable().optional(),
        error: z.string().optional(),
      }),
    )
    .describe('One request per provider, each sent once.'),
  after: z
    .object({
      providers: z.array(
        z.object({ provider: z.string(), identifier: z.string(), enabled: z.boolean().nullable() }),
      ),
      risk: z.object({ level: z.string().nullable(), state: z.string().nullable() }).nullable(),
    })
    .nullable()
    .describe('The account read again after acting (null when that read failed).'),
});
type Output = z.output<typeof Output>;

/** A single-account action tool: metadata plus its action definition; the runner does the rest. */
export function identityActionTool(
  options: { name: string; title: string; description: string; risk: 'write' | 'destructive' },
  def: IdentityActionDef,
): ToolClass {
  class IdentityActionTool implements WriteTool<AccountInput, Output> {
    constructor(@inject(IDENTITY_ACTIONS) private readonly actions: IdentityActions) {}

    preview(input: AccountInput, ctx: ToolContext) {
      return this.actions.preview(def, input, ctx);
    }

    async execute(input: AccountInput, ctx: ToolContext): Promise<Output> {
      return escapeDeep(await this.actions.execute(def, input, ctx));
    }
  }
  Tool({ rateLimit: rateForTier(options.risk), ...options, input: Input, output: Output, idempotent: false })(
    IdentityActionTool,
  );
  return IdentityActionTool;
}
