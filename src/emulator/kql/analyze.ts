import { globalsFor, type KustoCode, kusto, nodeClass, toArray } from './kusto.js';
import { type HuntingDatabase, KqlError } from './table.js';

/** Characters a client may put before a command to slip it past a naive `startsWith('.')`. */
const INVISIBLE_PREFIX = /^[\s\uFEFF\u200B-\u200D\u2060\u180E]*/u;

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function commandName(text: string): string | undefined {
  const body = text.replace(INVISIBLE_PREFIX, '');
  if (!body.startsWith('.')) return undefined;
  return body.match(/^\.[\w-]*/)?.[0] ?? '.';
}

function commandError(name: string, text: string): KqlError {
  const offset = text.indexOf('.');
  const at = positionOf(text, Math.max(offset, 0));
  // A query endpoint never runs management commands: Kusto reports them as unparsable query text.
  return new KqlError(
    'command',
    `Syntax error: management commands are not allowed on the query endpoint ('${name}'). Query could not be parsed at '.' on line [${at.line},${at.column}]`,
    at,
  );
}

/**
 * Parses and analyzes a query against the database's schema. Throws the first error the way the
 * service reports it: syntax errors before semantic ones, each with the analyzer's message and position.
 */
export function analyze(db: HuntingDatabase, text: string): KustoCode {
  const command = commandName(text);
  if (command) throw commandError(command, text);
  const K = kusto();
  const code = K.KustoCode.ParseAndAnalyze(text, globalsFor(db));
  if (!code?.Syntax) throw new KqlError('syntax', 'Syntax error: the query could not be parsed');
  if (nodeClass(code.Syntax) === 'CommandBlock') throw commandError('.', text);
  const syntax = toArray<Kusto.Language.Diagnostic>(code.GetSyntaxDiagnostics()).filter(isError);
  if (syntax[0]) throw diagnosticError('syntax', text, syntax[0]);
  const invoked = invokedArguments(code, db);
  const semantic = toArray<Kusto.Language.Diagnostic>(code.GetDiagnostics())
    .filter(isError)
    .filter((d) => !TOLERATED.has(d.Code ?? ''))
    .filter((d) => d.Code !== UNKNOWN_NAME || !invoked.some(([s, e]) => d.Start >= s && d.Start < e));
  if (semantic[0]) throw diagnosticError('semantic', text, semantic[0]);
  return code;
}

/**
 * "A value of type X expected" (KS107): where the service converts instead (`make_set(x) contains
 * "1"`, `todynamic` of a dynamic, `count(Column)`), as public hunts from Microsoft rely on.
 * "A variable with the name 'X' has already been declared" (KS201): Kusto's let docs say the
 * innermost (latest) `let` of a name applies; a pasted hunt that repeats `let SearchWindow = 10d;`
 * runs, the later binding winning. Every other semantic error is the service's too.
 */
const TOLERATED = new Set(['KS107', 'KS201']);
const UNKNOWN_NAME = 'KS142';

/** Argument lists of `invoke FileProfile(SHA1, 1000)`: the service takes those names as columns. */
function invokedArguments(code: KustoCode, db: HuntingDatabase): [number, number][] {
  const names = new Set((db.functions?.() ?? []).filter((f) => f.invoked).map((f) => f.name));
  const ranges: [number, number][] = [];
  code.Syntax?.WalkElements((element) => {
    const node = element as unknown as Kusto.Language.Syntax.SyntaxNode;
    if (nodeClass(node) !== 'InvokeOperator') return;
    const call = (node as Kusto.Language.Syntax.InvokeOperator)
      .Function as Kusto.Language.Syntax.FunctionCallExpression;
    const list = call?.ArgumentList;
    if (list && names.has(String((call.Name as unknown as { SimpleName?: string }).SimpleName)))
      ranges.push([list.TextStart, list.End]);
  });
  return ranges;
}

function isError(d: Kusto.Language.Diagnostic): boolean {
  return String(d.Severity) === 'Error';
}

function diagnosticError(kind: 'syntax' | 'semantic', text: string, d: Kusto.Language.Diagnostic): KqlError {
  const at = positionOf(text, d.Start);
  const label = kind === 'syntax' ? 'Syntax error' : 'Semantic error';
  return new KqlError(kind, `${label}: ${d.Message} (${d.Code}) at line ${at.line}, column ${at.column}`, at);
}
