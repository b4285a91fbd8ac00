import { HUNTING_FUNCTIONS, HUNTING_TABLES } from '../schema/tables.js';
import { toArray } from './kusto.js';

/**
 * Which of the analyzer's semantic errors the pre-flight refuses. It must never refuse a hunt the
 * real service runs, so it refuses only what the service would refuse for certain:
 *   - a function that no built-in function or `let` defines;
 *   - an unknown table or name one edit (or only letter case) from a known one: a typo for certain,
 *     refused with "did you mean";
 * and lets the service judge the rest, reported back as warnings:
 *   - an unknown table or name farther from every known one: Microsoft's pages lag the service, and
 *     public hunts use tables and columns the pages do not list yet (AgentsInfo, RiskLevelDuringSignIn
 *     on AADSignInEventsBeta, EpssScore);
 *   - a column documented on another table (IsInitiatingProcessRemoteSession on
 *     DeviceImageLoadEvents, which its page does not list);
 *   - type rules the service applies more loosely than the analyzer (`contains` on a dynamic, an
 *     `iff` over `make_set(...)`, `todynamic` of a dynamic);
 *   - the columns passed to an invoked built-in function (`invoke FileProfile(SHA1, 1000)`), which
 *     the analyzer cannot resolve and the service takes as column names.
 */

type Diagnostic = Kusto.Language.Diagnostic;
type Token = Kusto.Language.Syntax.SyntaxToken;

export const UNKNOWN_TABLE = 'KS204';
export const UNKNOWN_NAME = 'KS142';
export const UNKNOWN_FUNCTION = 'KS211';
const REFUSED = new Set([UNKNOWN_TABLE, UNKNOWN_NAME, UNKNOWN_FUNCTION]);

const OPEN_PAREN = 281;
const CLOSE_PAREN = 282;
const INVOKE = 'invoke';

const DOCUMENTED_COLUMNS = new Set(HUNTING_TABLES.flatMap((t) => t.columns.map((c) => c.name)));
const INVOKED_FUNCTIONS = new Set(HUNTING_FUNCTIONS.filter((f) => f.invoked).map((f) => f.name));

export interface SemanticVerdict {
  /** The first error the service would refuse too, if any. */
  refused?: Diagnostic;
  /** Errors the service may accept: passed on to the caller as warnings. */
  tolerated: Diagnostic[];
}

/** `suggest` names the known name an unknown one is a certain typo of, if any. */
export function judge(
  text: string,
  code: Kusto.Language.KustoCode,
  tokens: Token[],
  suggest: (d: Diagnostic) => string | undefined,
): SemanticVerdict {
  const errors = toArray<Diagnostic>(code.GetDiagnostics()).filter((d) => String(d.Severity) === 'Error');
  const invokeArguments = invokedArgumentRanges(tokens);
  const inInvokeArguments = (d: Diagnostic) => invokeArguments.some(([s, e]) => d.Start >= s && d.Start < e);
  const tolerated: Diagnostic[] = [];
  for (const d of errors) {
    if (d.Code === UNKNOWN_NAME && inInvokeArguments(d)) continue;
    const name = text.substr(d.Start, d.Length);
    const maybeColumn = d.Code === UNKNOWN_NAME && (DOCUMENTED_COLUMNS.has(name) || !suggest(d));
    const maybeNewTable = d.Code === UNKNOWN_TABLE && !suggest(d);
    const refuse = REFUSED.has(d.Code ?? '') && !maybeColumn && !maybeNewTable;
    if (refuse) return { refused: d, tolerated };
    tolerated.push(d);
  }
  return { tolerated };
}

/** The text ranges of the argument lists of `invoke FileProfile(...)`, `invoke SeenBy(...)`, ... */
function invokedArgumentRanges(tokens: Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  tokens.forEach((token, i) => {
    const name = tokens[i + 1];
    const open = tokens[i + 2];
    if (token.Text !== INVOKE || !INVOKED_FUNCTIONS.has(name?.Text ?? '') || open?.Kind !== OPEN_PAREN)
      return;
    let depth = 0;
    for (const t of tokens.slice(i + 2)) {
      if (t.Kind === OPEN_PAREN) depth++;
      if (t.Kind === CLOSE_PAREN && --depth === 0) {
        ranges.push([open.TextStart, t.TextStart + 1]);
        return;
      }
    }
  });
  return ranges;
}
