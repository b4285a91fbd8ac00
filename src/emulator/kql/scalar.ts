import { BUILTINS } from './functions.js';
import { callUserFunction } from './functions-user.js';
import { nodeClass, type SyntaxNode } from './kusto.js';
import { jsonValue, literalValue } from './literals.js';
import { firstColumn } from './relation.js';
import type { Compiled, Scalar, Scope } from './scope.js';
import { type Ex, elements, nameOf, textOf, typeOf, unsupported } from './syntax.js';
import type { KqlType, Row } from './table.js';
import { compileTabular, isTabular } from './tabular.js';
import { has, stringOperator } from './text.js';
import { compareValues, equalValues, groupKey, isNull, str } from './values.js';

/** Compiles a scalar expression to a closure over a row. Names resolve as the analyzer resolved them. */
export function compileScalar(node: SyntaxNode, scope: Scope): Compiled {
  const type = typeOf(node);
  const fn = scope.overrides?.get(node) ?? compile(node, scope, type);
  return { fn, type };
}

function compile(node: SyntaxNode, scope: Scope, type: KqlType): Scalar {
  switch (nodeClass(node)) {
    case 'LiteralExpression':
    // Adjacent string literals ("a" "b") are one string, "ab".
    case 'CompoundStringLiteralExpression': {
      const value = literalValue(node as Ex<'LiteralExpression'>);
      return () => value;
    }
    case 'DynamicExpression': {
      const value = jsonValue((node as Ex<'DynamicExpression'>).Expression);
      return () => value;
    }
    case 'TypeOfLiteralExpression':
      return () => null;
    case 'ParenthesizedExpression':
      return compileScalar((node as Ex<'ParenthesizedExpression'>).Expression as SyntaxNode, scope).fn;
    // `bin(Bin5m = Timestamp, 5m)`: the name only labels the output column (the analyzer's schema).
    case 'SimpleNamedExpression':
      return compileScalar((node as Ex<'SimpleNamedExpression'>).Expression as SyntaxNode, scope).fn;
    case 'NameReference':
      return nameReference(node as Ex<'NameReference'>, scope, type);
    case 'BracketedExpression':
      return compileScalar((node as Ex<'BracketedExpression'>).Expression as SyntaxNode, scope).fn;
    case 'PrefixUnaryExpression': {
      const u = node as Ex<'PrefixUnaryExpression'>;
      const operand = compileScalar(u.Expression as SyntaxNode, scope).fn;
      if (u.Operator?.Text === '-') return (row) => negate(operand(row));
      return operand;
    }
    case 'BinaryExpression':
      return binary(node as Ex<'BinaryExpression'>, scope, type);
    case 'InExpression':
      return inExpression(node as Ex<'InExpression'>, scope);
    case 'HasAnyExpression':
    case 'HasAllExpression':
      return hasAnyAll(node as Ex<'HasAnyExpression'>, scope, nodeClass(node) === 'HasAllExpression');
    case 'BetweenExpression':
      return between(node as Ex<'BetweenExpression'>, scope);
    case 'FunctionCallExpression':
      return call(node as Ex<'FunctionCallExpression'>, scope, type);
    case 'PathExpression':
      return path(node as Ex<'PathExpression'>, scope);
    case 'ElementExpression':
      return element(node as Ex<'ElementExpression'>, scope);
    case 'ToScalarExpression': {
      const inner = (node as Ex<'ToScalarExpression'>).Expression as SyntaxNode;
      // `toscalar(array_length(Verses))`: over a scalar, toscalar is that scalar.
      if (!isTabular(inner)) return compileScalar(inner, scope).fn;
      const rel = compileTabular(inner, scope);
      let cached: { v: unknown } | undefined;
      return () => {
        cached ??= { v: firstColumn(rel)[0] ?? null };
        return cached.v;
      };
    }
    default:
      throw unsupported(`the expression '${textOf(node)}' (${nodeClass(node)})`);
  }
}

function negate(v: unknown): unknown {
  return typeof v === 'number' ? -v : null;
}

function nameReference(node: Ex<'NameReference'>, scope: Scope, type: KqlType): Scalar {
  const name = nameOf(node);
  const symbol = node.ReferencedSymbol;
  const binding = scope.bindings.get(name);
  if (symbol && nodeClass(symbol) === 'ColumnSymbol') {
    // Kusto strings are never null: an empty cell reads as ''.
    if (type === 'string' || type === 'guid') return (row) => row[name] ?? '';
    return (row) => row[name] ?? null;
  }
  if (binding?.kind === 'scalar') return binding.compiled.fn;
  throw unsupported(`the name '${name}' in this position`);
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

const COMPARISON: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function binary(node: Ex<'BinaryExpression'>, scope: Scope, type: KqlType): Scalar {
  const op = (node.Operator?.Text ?? '').toLowerCase();
  const left = compileScalar(node.Left as SyntaxNode, scope).fn;
  const right = compileScalar(node.Right as SyntaxNode, scope).fn;
  if (op === 'and') return (row) => left(row) === true && right(row) === true;
  if (op === 'or') return (row) => left(row) === true || right(row) === true;
  if (op === '==') return (row) => equalValues(left(row), right(row));
  if (op === '!=' || op === '<>') {
    return (row) => {
      const a = left(row);
      const b = right(row);
      return isNull(a) || isNull(b) ? false : !equalValues(a, b);
    };
  }
  const cmp = COMPARISON[op];
  if (cmp) {
    return (row) => {
      const a = left(row);
      const b = right(row);
      return isNull(a) || isNull(b) ? false : cmp(compareValues(a, b));
    };
  }
  const arith = ARITHMETIC[op];
  if (arith) {
    const integer = type === 'long' || type === 'int';
    return (row) => {
      const a = left(row);
      const b = right(row);
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      if ((op === '/' || op === '%') && b === 0 && integer) return null;
      const r = arith(a, b);
      return integer && op === '/' ? Math.trunc(r) : r;
    };
  }
  const predicate = stringOperator(op);
  if (predicate) {
    const literal = nodeClass(node.Right) === 'LiteralExpression';
    if (literal) {
      const needle = right({});
      return (row) => predicate(left(row), needle);
    }
    return (row) => predicate(left(row), right(row));
  }
  throw unsupported(`the operator '${op}'`);
}

/** The candidate set of `in`: literals, dynamic arrays, or the first column of a tabular expression. */
function candidates(list: Ex<'ExpressionList'>, scope: Scope): (row: Row) => unknown[] {
  const parts = elements(list.Expressions).map((e): ((row: Row) => unknown[]) => {
    if (isTabular(e)) {
      const rel = compileTabular(e, scope);
      let cached: unknown[] | undefined;
      return () => {
        cached ??= firstColumn(rel);
        return cached;
      };
    }
    const c = compileScalar(e, scope);
    return (row) => {
      const v = c.fn(row);
      return c.type === 'dynamic' && Array.isArray(v) ? v : [v];
    };
  });
  return (row) => parts.flatMap((p) => p(row));
}

function inExpression(node: Ex<'InExpression'>, scope: Scope): Scalar {
  const op = (node.Operator?.Text ?? '').toLowerCase();
  const negated = op.startsWith('!');
  const insensitive = op.endsWith('~');
  const left = compileScalar(node.Left as SyntaxNode, scope).fn;
  const values = candidates(node.Right as Ex<'ExpressionList'>, scope);
  const norm = (v: unknown) => (insensitive ? str(v).toLowerCase() : groupKey(v));
  let set: Set<unknown> | undefined;
  return (row) => {
    if (!set) set = new Set(values(row).map(norm));
    const v = left(row);
    if (isNull(v)) return false;
    const found = set.has(norm(v));
    return negated ? !found : found;
  };
}

function hasAnyAll(node: Ex<'HasAnyExpression'>, scope: Scope, all: boolean): Scalar {
  const left = compileScalar(node.Left as SyntaxNode, scope).fn;
  const values = candidates(node.Right as Ex<'ExpressionList'>, scope);
  return (row) => {
    const text = left(row);
    const terms = values(row);
    return all ? terms.every((t) => has(text, t)) : terms.some((t) => has(text, t));
  };
}

function between(node: Ex<'BetweenExpression'>, scope: Scope): Scalar {
  const negated = (node.Operator?.Text ?? '').startsWith('!');
  const left = compileScalar(node.Left as SyntaxNode, scope).fn;
  const couple = node.Right as Ex<'ExpressionCouple'>;
  const leftType = typeOf(node.Left as SyntaxNode);
  const low = compileScalar(couple.First as SyntaxNode, scope).fn;
  const upper = compileScalar(couple.Second as SyntaxNode, scope);
  // `Timestamp between (start .. 1d)`: a timespan upper bound counts from the lower one.
  const relative = leftType === 'datetime' && upper.type === 'timespan';
  return (row) => {
    const v = left(row);
    const lo = low(row);
    const hi = relative ? (lo as number) + (upper.fn(row) as number) : upper.fn(row);
    if (isNull(v) || isNull(lo) || isNull(hi)) return false;
    const inside = compareValues(v, lo) >= 0 && compareValues(v, hi) <= 0;
    return negated ? !inside : inside;
  };
}

function call(node: Ex<'FunctionCallExpression'>, scope: Scope, type: KqlType): Scalar {
  const name = nameOf(node.Name);
  const argNodes = elements(node.ArgumentList?.Expressions);
  const binding = scope.bindings.get(name);
  if (binding?.kind === 'function') return callUserFunction(binding, argNodes, scope, 'scalar').fn;
  const builtin = BUILTINS[name.toLowerCase()];
  if (!builtin) throw unsupported(`the function '${name}()'`);
  const args = argNodes.map((a) => compileScalar(a, scope));
  return builtin(args, scope.env, type, scope.columns);
}

function dynamicMember(v: unknown, key: unknown): unknown {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    if (typeof key !== 'number') return null;
    return v[key < 0 ? v.length + key : key] ?? null;
  }
  return (v as Record<string, unknown>)[str(key)] ?? null;
}

function path(node: Ex<'PathExpression'>, scope: Scope): Scalar {
  const target = compileScalar(node.Expression as SyntaxNode, scope).fn;
  const key = nameOf(node.Selector).replace(/^\['(.*)'\]$|^\["(.*)"\]$/, '$1$2');
  return (row) => dynamicMember(target(row), key);
}

function element(node: Ex<'ElementExpression'>, scope: Scope): Scalar {
  const target = compileScalar(node.Expression as SyntaxNode, scope).fn;
  const key = compileScalar(node.Selector as SyntaxNode, scope).fn;
  return (row) => dynamicMember(target(row), key(row));
}
