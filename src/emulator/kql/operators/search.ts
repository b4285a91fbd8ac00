import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf, compileTabular, tableRelation } from '../tabular.js';
import { has } from '../text.js';
import { str } from '../values.js';
import { combine, type UnionInput, wildcardTables } from './union.js';

const TEXT_TYPES = new Set(['string', 'guid', 'dynamic']);

function cellHas(v: unknown, term: string): boolean {
  return v !== null && v !== undefined && has(typeof v === 'object' ? JSON.stringify(v) : str(v), term);
}

/** A row matches `search "term"` when any of its text columns has the term (as `has` does). */
function matcher(term: string): (row: Row, input: Relation) => boolean {
  return (row, input) => input.columns.some((c) => TEXT_TYPES.has(c.type) && cellHas(row[c.name], term));
}

type Match = (row: Row, input: Relation) => boolean;

/**
 * `search "ntds" and FileName endswith ".dit"`: a bare string is a term any text column must have;
 * `and`, `or` and parentheses combine; anything else is an ordinary predicate over the row (a column
 * a table lacks reads as empty, so the row does not match).
 */
function predicate(node: SyntaxNode, scope: Scope): Match {
  const kind = nodeClass(node);
  if (kind === 'LiteralExpression')
    return matcher(str((node as Ex<'LiteralExpression'>).LiteralValueInfo?.Value));
  if (kind === 'ParenthesizedExpression')
    return predicate((node as Ex<'ParenthesizedExpression'>).Expression as SyntaxNode, scope);
  if (kind === 'BinaryExpression') {
    const b = node as Ex<'BinaryExpression'>;
    const op = (b.Operator?.Text ?? '').toLowerCase();
    // `ActionType:"FileModified"`: that column has the term (a table without the column: no match).
    if (op === ':') {
      const column = nameOf(b.Left as SyntaxNode);
      const term = str((b.Right as Ex<'LiteralExpression'>).LiteralValueInfo?.Value);
      return (row) => cellHas(row[column], term);
    }
    if (op === 'and' || op === 'or') {
      const left = predicate(b.Left as SyntaxNode, scope);
      const right = predicate(b.Right as SyntaxNode, scope);
      return op === 'and'
        ? (row, input) => left(row, input) && right(row, input)
        : (row, input) => left(row, input) || right(row, input);
    }
  }
  const fn = compileScalar(node, scope).fn;
  return (row) => fn(row) === true;
}

function inputsOf(node: Ex<'SearchOperator'>, piped: Relation | undefined, scope: Scope): UnionInput[] {
  if (piped) return [{ name: piped.source ?? '', rel: piped }];
  const named = elements(node.InClause?.Expressions);
  if (named.length === 0)
    return scope.env.db.tables().map((t) => ({ name: t.name, rel: tableRelation(t.name, scope) }));
  return named.flatMap((e: SyntaxNode) => {
    const name = nameOf(e);
    if (name.includes('*')) return wildcardTables(name, scope);
    return [{ name, rel: compileTabular(e, scope) }];
  });
}

/**
 * `search "term"`, `search in (T1, Device*) "term"`, `T | search "term"`: the rows of the tables
 * with a text column that has the term, under the analyzer's schema (`$table` first).
 */
export function search(node: Ex<'SearchOperator'>, piped: Relation | undefined, scope: Scope): Relation {
  const condition = node.Condition as SyntaxNode | null;
  if (operatorParameters(node.Parameters).size > 0 || node.DataScope)
    throw unsupported(`search parameters ('${textOf(node)}')`);
  if (!condition) throw unsupported(`this search ('${textOf(node)}')`);
  // The analyzer types a bare search term as a predicate (bool): terms are read as literals.
  return combine(inputsOf(node, piped, scope), columnsOf(node), '$table', predicate(condition, scope));
}
