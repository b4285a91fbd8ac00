import { parseDatetime } from '../datetime.js';
import { nodeClass, type SyntaxNode } from '../kusto.js';
import { type Flow, PAUSE, type Relation, relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { KqlType, Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { regex } from '../text.js';
import { str, toText } from '../values.js';
import { namedExpression } from './basic.js';

/** The elements mv-expand walks: array items, or one single-key bag per property. */
export function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => ({ [k]: x }));
  return [v];
}

export function convert(v: unknown, type: KqlType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'string') return toText(v, 'dynamic');
  if (type === 'long' || type === 'int' || type === 'real') {
    const n = Number(v);
    return Number.isFinite(n) ? (type === 'real' ? n : Math.trunc(n)) : null;
  }
  if (type === 'bool') return typeof v === 'boolean' ? v : null;
  // Series axes (make-series) hold datetimes as ISO text.
  if (type === 'datetime') return parseDatetime(v);
  return v;
}

/** `mv-expand a [to typeof(t)], b = expr [limit N]`: one row per element, columns expanded in parallel. */
export function mvExpand(node: Ex<'MvExpandOperator'>, input: Relation, scope: Scope): Relation {
  if (operatorParameters(node.Parameters).size > 0)
    throw unsupported(`mv-expand parameters ('${textOf(node)}')`);
  const columns = columnsOf(node);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const inputNames = new Set(input.columns.map((c) => c.name));
  const generated = columns.map((c) => c.name).filter((n) => !inputNames.has(n));
  const targets = elements<Ex<'MvExpandExpression'>>(node.Expressions).map((e) => {
    const named = namedExpression(e.Expression as SyntaxNode);
    const { expression } = named;
    // `mv-expand todynamic(Ids)`: the analyzer names the column (a new one, or the column inside).
    const name = named.name ?? generated.shift() ?? innerColumn(expression);
    if (name === undefined) throw unsupported(`mv-expand of '${textOf(e)}'`);
    return { name, fn: compileScalar(expression, scope).fn as Scalar, type: types.get(name) ?? 'dynamic' };
  });
  const limitNode = node.RowLimitClause?.RowLimit as SyntaxNode | undefined;
  const limit = limitNode ? Number(compileScalar(limitNode, scope).fn({})) : Number.POSITIVE_INFINITY;
  return relation(columns, function* (): Iterable<Flow> {
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const lists = targets.map((t) => items(t.fn(r)));
      const n = Math.min(limit, Math.max(0, ...lists.map((l) => l.length)));
      for (let i = 0; i < n; i++) {
        const out: Row = { ...r };
        targets.forEach((t, j) => {
          out[t.name] = convert(lists[j]?.[i], t.type);
        });
        yield out;
      }
    }
  });
}

/** The single column an expression such as `todynamic(Ids)` reads, if any. */
function innerColumn(node: SyntaxNode): string | undefined {
  if (nodeClass(node) === 'NameReference') return nameOf(node);
  const args = elements((node as Ex<'FunctionCallExpression'>).ArgumentList?.Expressions);
  return nodeClass(node) === 'FunctionCallExpression' && args.length === 1 && args[0]
    ? innerColumn(args[0])
    : undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TYPED_PATTERN: Partial<Record<KqlType, string>> = {
  long: '(-?\\d+)',
  int: '(-?\\d+)',
  real: '(-?\\d+(?:\\.\\d+)?)',
};

/** How many capturing groups a RE2 fragment has (its own groups shift the columns' numbers). */
function groupCount(fragment: string): number {
  return (new RegExp(`${regex(fragment).source}|`).exec('')?.length ?? 1) - 1;
}

/**
 * `parse s with "lit" col:type * "lit" col2`: the simple (default) kind, as an anchored regex.
 * `kind=regex [flags=Ui]`: the literals are RE2, `*` and string columns `.*?` (Kusto docs: the
 * parse operator's regex mode), the flags an inline `(?Ui)`.
 */
export function parse(node: Ex<'ParseOperator'>, input: Relation, scope: Scope): Relation {
  const params = operatorParameters(node.Parameters);
  const kind = textOf(params.get('kind') ?? node)
    .trim()
    .toLowerCase();
  const isRegex = params.has('kind') && kind === 'regex';
  const flags = params.has('flags') ? textOf(params.get('flags') as SyntaxNode).trim() : '';
  if ((params.size > 0 && !isRegex) || !/^[imsU]*$/.test(flags))
    throw unsupported(`parse kinds other than simple and regex ('${textOf(node)}')`);
  const columns = columnsOf(node);
  const types = new Map(columns.map((c) => [c.name, c.type]));
  const source = compileScalar(node.Expression as SyntaxNode, scope).fn;
  const patterns = elements(node.Patterns);
  const names: string[] = [];
  const groups: number[] = [];
  let group = 1;
  let re = isRegex ? (flags ? `(?${flags})` : '') : '^';
  patterns.forEach((p, i) => {
    const last = i === patterns.length - 1;
    switch (nodeClass(p)) {
      case 'LiteralExpression': {
        const text = str(compileScalar(p, scope).fn({}));
        if (isRegex) group += groupCount(text);
        re += isRegex ? `(?:${text})` : escapeRegex(text);
        break;
      }
      case 'StarExpression':
        re += last && !isRegex ? '.*' : '.*?';
        break;
      case 'NameAndTypeDeclaration':
      case 'NameDeclaration': {
        const name = nameOf(
          nodeClass(p) === 'NameDeclaration' ? p : (p as Ex<'NameAndTypeDeclaration'>).Name,
        );
        names.push(name);
        groups.push(group++);
        re += TYPED_PATTERN[types.get(name) ?? 'string'] ?? (last && !isRegex ? '(.*)' : '(.*?)');
        break;
      }
      default:
        throw unsupported(`the parse pattern element '${textOf(p)}'`);
    }
  });
  const matcher = regex(re);
  return relation(columns, function* (): Iterable<Flow> {
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      const m = matcher.exec(str(source(r)));
      const out: Row = { ...r };
      names.forEach((n, i) => {
        out[n] = m ? convert(m[groups[i] as number], types.get(n) ?? 'string') : null;
      });
      yield out;
    }
  });
}
