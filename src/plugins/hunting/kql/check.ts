import { ToolError } from '../../../kernel/errors.js';
import { HUNTING_TABLES } from '../schema/tables.js';
import { closest } from './closest.js';
import { kql, toArray } from './kusto.js';
import { positionOf, skipIgnorable } from './position.js';
import { judge, UNKNOWN_FUNCTION, UNKNOWN_NAME, UNKNOWN_TABLE } from './semantic.js';

/**
 * Checks a hunting query before any request leaves, so the model gets a precise, local answer:
 * management commands, syntax errors, unknown names (with a "did you mean") and operators that
 * reach outside Defender are refused with a line, a column and what to change.
 */

export interface CheckOptions {
  /** Allow externaldata and evaluate plugins that call out (http_request, sql_request, ...). */
  allowExternalData: boolean;
  /** Refuse unknown names and other semantic errors (false: only syntax and safety are checked). */
  strictSchema?: boolean;
}

type Token = Kusto.Language.Syntax.SyntaxToken;
type Diagnostic = Kusto.Language.Diagnostic;

/** Kusto.Language SyntaxKind numbers (SyntaxKind enum, package version 12). */
const SEMICOLON = 306;
const DOT = 294;
const OPEN_PAREN = 281;
const EXTERNALDATA = 56;
const EVALUATE = 51;

/** Functions that read from outside the tenant's Defender data (other clusters, external storage, URLs). */
const OUTSIDE_FUNCTIONS = new Set(['cluster', 'external_table', 'external_data']);
/**
 * `evaluate` plugins that only reshape the query's own data. Any other plugin is treated as
 * reaching outside (http_request, sql_request, cosmosdb_sql_request, python, infer_storage_schema, ...):
 * an allow-list, because a new outbound plugin must not slip through a deny-list.
 */
const LOCAL_PLUGINS = new Set([
  'bag_unpack',
  'pivot',
  'narrow',
  'autocluster',
  'basket',
  'diffpatterns',
  'preview',
  'schema_merge',
  'ipv4_lookup',
  'ipv6_lookup',
  'funnel_sequence',
  'funnel_sequence_completion',
  'sequence_detect',
  'session_count',
  'sliding_window_counts',
  'rolling_percentile',
  'dcount_intersect',
  'active_users_count',
  'activity_counts_metrics',
  'activity_engagement',
  'activity_metrics',
  'new_activity_metrics',
]);

/**
 * Throws a validation_error for a query to refuse; returns warnings (line, column and the analyzer's
 * message) for semantic errors the service may accept, so the caller sees them with the results.
 */
export function checkQuery(text: string, options: CheckOptions): string[] {
  const { K, globals } = kql();
  const code = K.KustoCode.ParseAndAnalyze(text, globals);
  if (!code) throw new Error('Kusto.Language returned no analysis');
  const tokens = tokensOf(code);
  refuseCommands(text, code, tokens);
  const syntax = errors(code.GetSyntaxDiagnostics());
  if (syntax[0]) throw diagnosticError(text, syntax[0], 'Syntax error');
  if (!options.allowExternalData) refuseOutside(text, tokens);
  if (options.strictSchema === false) return [];
  const verdict = judge(text, code, tokens, (d) => suggestionFor(text, code, d, CERTAIN_TYPO_EDITS));
  if (verdict.refused) throw semanticError(text, code, verdict.refused);
  return verdict.tolerated.map((d) => {
    const { line, column } = positionOf(text, d.Start);
    return `Line ${line}, column ${column}: ${d.Message} (${d.Code}); sent on for the service to judge.`;
  });
}

function tokensOf(code: Kusto.Language.KustoCode): Token[] {
  const tokens: Token[] = [];
  code.Syntax?.WalkTokens((token) => {
    tokens.push(token);
  });
  return tokens;
}

function errors(list: unknown): Diagnostic[] {
  return toArray<Diagnostic>(list).filter((d) => String(d.Severity) === 'Error');
}

/**
 * A management command is refused wherever a statement may start: at the top and after every `;`
 * token (tokens, so a `;` inside a string literal is not one), whatever whitespace, comments or
 * invisible characters come before its dot.
 */
function refuseCommands(text: string, code: Kusto.Language.KustoCode, tokens: Token[]): void {
  const starts = [0, ...tokens.filter((t) => t.Kind === SEMICOLON).map((t) => t.TextStart + 1)];
  for (const start of starts) {
    const at = skipIgnorable(text, start);
    if (text[at] === '.') throw commandError(text, at);
  }
  if (String(code.Kind) === 'Command') throw commandError(text, text.indexOf('.'));
  const afterSemicolon = tokens.findIndex((t, i) => t.Kind === DOT && tokens[i - 1]?.Kind === SEMICOLON);
  if (afterSemicolon >= 0) throw commandError(text, tokens[afterSemicolon]?.TextStart ?? 0);
}

function commandError(text: string, offset: number): ToolError {
  const name = text.slice(offset).match(/^\.[\w-]*/)?.[0] ?? '.';
  const { line, column } = positionOf(text, Math.max(offset, 0));
  return new ToolError(
    'validation_error',
    `Management commands are not allowed: '${name}' at line ${line}, column ${column}. Advanced hunting runs queries only.`,
    {
      hint: 'Write a query that starts with a table name (e.g. DeviceProcessEvents | take 10) or a let statement.',
    },
  );
}

function refuseOutside(text: string, tokens: Token[]): void {
  for (const [i, token] of tokens.entries()) {
    const next = tokens[i + 1];
    let name: string | undefined;
    if (token.Kind === EXTERNALDATA) name = 'externaldata';
    else if (token.Kind === EVALUATE) {
      const plugin = tokens.slice(i + 1).find((_, j) => tokens[i + 2 + j]?.Kind === OPEN_PAREN)?.Text ?? '';
      if (!LOCAL_PLUGINS.has(plugin.toLowerCase())) name = `evaluate ${plugin}`.trim();
    } else if (next?.Kind === OPEN_PAREN && OUTSIDE_FUNCTIONS.has((token.Text ?? '').toLowerCase())) {
      name = token.Text ?? '';
    }
    if (name) {
      const { line, column } = positionOf(text, token.TextStart);
      throw new ToolError(
        'validation_error',
        `'${name}' at line ${line}, column ${column} reaches outside Defender's data, which this deployment does not allow.`,
        {
          hint: 'Query the Advanced Hunting tables only; an operator can set allowExternalData in the hunting plugin options.',
        },
      );
    }
  }
}

function diagnosticError(text: string, d: Diagnostic, label: string, suggestion = ''): ToolError {
  const { line, column } = positionOf(text, d.Start);
  return new ToolError(
    'validation_error',
    `${label} at line ${line}, column ${column}: ${d.Message} (${d.Code})${suggestion}`,
    {
      hint: suggestion
        ? "Fix the name; get_hunting_schema lists the tables and each table's columns."
        : 'Fix the query at that position; get_hunting_schema lists the tables and columns.',
    },
  );
}

/** Unknown tables and columns get the closest known name in scope at that point of the query. */
function semanticError(text: string, code: Kusto.Language.KustoCode, d: Diagnostic): ToolError {
  if (!candidatesFor(code, d)) return diagnosticError(text, d, 'Semantic error');
  const suggestion = suggestionFor(text, code, d);
  return diagnosticError(text, d, 'Unknown name', suggestion ? ` Did you mean '${suggestion}'?` : '');
}

/**
 * An unknown column this close to a known name is a typo for certain (`Tota`, `AccountUPN`): refused.
 * Farther ones may be columns newer than Microsoft's pages (`EpssScore`, two edits from `CvssScore`):
 * the service judges them.
 */
const CERTAIN_TYPO_EDITS = 1;

function suggestionFor(
  text: string,
  code: Kusto.Language.KustoCode,
  d: Diagnostic,
  maxEdits?: number,
): string | undefined {
  const candidates = candidatesFor(code, d);
  return candidates && closest(text.substr(d.Start, d.Length), candidates, maxEdits);
}

/** Known names of the kind the analyzer could not find: tables, names in scope, or functions. */
function candidatesFor(code: Kusto.Language.KustoCode, d: Diagnostic): string[] | undefined {
  const { K } = kql();
  const M = K.Symbols.SymbolMatch;
  const F = K.IncludeFunctionKind;
  const inScope = (match: number, include: number) =>
    toArray<Kusto.Language.Symbols.Symbol>(code.GetSymbolsInScope(d.Start, match, include))
      .map((s) => s.Name ?? '')
      .filter((n) => n.length > 0);
  switch (d.Code) {
    case UNKNOWN_TABLE:
      return HUNTING_TABLES.map((t) => t.name);
    case UNKNOWN_NAME:
      return inScope(M.Column | M.Local | M.Table, F.None);
    case UNKNOWN_FUNCTION:
      return inScope(M.Function, F.BuiltInFunctions | F.LocalFunctions);
    default:
      return undefined;
  }
}
