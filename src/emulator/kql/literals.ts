import { nodeClass, type SyntaxNode } from './kusto.js';
import { elements, textOf, typeOf, unsupported } from './syntax.js';

interface BoxedValue {
  $boxed?: boolean;
  v?: unknown;
  toNumber?: () => number;
  ticks?: { toNumber(): number };
  getTime?: () => number;
}

/** Sub-millisecond ticks the JS Date in a datetime literal dropped: digits 4..7 of the fraction. */
function extraTicks(text: string | null | undefined): number {
  const fraction = /\.(\d+)/.exec(text ?? '')?.[1] ?? '';
  return Number(fraction.slice(3, 7).padEnd(4, '0')) / 10_000;
}

/** A literal's value in our representation (see table.ts), from the parser's .NET value. */
export function literalValue(node: Kusto.Language.Syntax.LiteralExpression): unknown {
  const info = node.LiteralValueInfo;
  const raw = info?.Value as BoxedValue | string | number | boolean | null | undefined;
  if (raw === null || raw === undefined) return null;
  const v = typeof raw === 'object' && raw.$boxed ? (raw.v as BoxedValue | number | boolean) : raw;
  switch (typeOf(node)) {
    case 'long':
    case 'int':
    case 'real': {
      // The parser leaves a hex literal's value at 0 (`0x1fffff`, as hunts write access masks).
      const hex = /^0x([0-9a-f]+)$/i.exec(info?.ValueText?.trim() ?? '');
      if (hex?.[1]) return Number.parseInt(hex[1], 16);
      return typeof v === 'object' && v.toNumber ? v.toNumber() : Number(v);
    }
    case 'bool':
      return v === true || String(v).toLowerCase() === 'true';
    case 'datetime':
      return typeof v === 'object' && v.getTime ? v.getTime() + extraTicks(info?.ValueText) : null;
    case 'timespan':
      return typeof v === 'object' && v.ticks ? v.ticks.toNumber() / 10_000 : null;
    case 'guid':
      return String(info?.ValueText ?? '');
    case 'string':
      return String(v);
    default:
      throw unsupported(`the literal ${textOf(node)}`);
  }
}

/** The JSON value of a `dynamic(...)` literal, walking the parser's JSON nodes. */
export function jsonValue(node: SyntaxNode | null): unknown {
  if (!node) return null;
  switch (nodeClass(node)) {
    case 'LiteralExpression':
    // A missing comma in a list: adjacent strings are one string, as everywhere in KQL.
    case 'CompoundStringLiteralExpression':
      return literalValue(node as Kusto.Language.Syntax.LiteralExpression);
    case 'PrefixUnaryExpression': {
      const u = node as Kusto.Language.Syntax.PrefixUnaryExpression;
      const operand = jsonValue(u.Expression);
      return u.Operator?.Text === '-' ? -Number(operand) : operand;
    }
    case 'JsonArrayExpression':
      return elements((node as Kusto.Language.Syntax.JsonArrayExpression).Values).map(jsonValue);
    case 'JsonObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const pair of elements<Kusto.Language.Syntax.JsonPair>(
        (node as Kusto.Language.Syntax.JsonObjectExpression).Pairs,
      )) {
        const key = pair.Name?.Text ?? '';
        out[key.replace(/^(["'])(.*)\1$/s, '$2')] = jsonValue(pair.Value);
      }
      return out;
    }
    default:
      throw unsupported(`the dynamic literal ${textOf(node)}`);
  }
}
