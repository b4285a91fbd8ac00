import { ODataError } from './errors.js';
import { type Token, tokenize } from './lexer.js';

/** The `$filter` subset the emulator understands (what the real APIs document for these resources). */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: number }
  | { kind: 'guid'; value: string };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'startswith' | 'endswith' | 'contains';

export type FilterExpr =
  | { kind: 'logical'; op: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'compare'; op: CompareOp; property: string; value: Literal }
  | { kind: 'in'; property: string; values: Literal[] }
  | { kind: 'function'; fn: StringFunction; property: string; value: string }
  /** `tags/any(t: t eq 'x')`: the lambda body compares the element (written as `$it`). */
  | { kind: 'any'; property: string; body: FilterExpr };

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set<string>(['startswith', 'endswith', 'contains']);
const MAX_DEPTH = 32;
export const ELEMENT = '$it';

class Parser {
  private pos = 0;
  private depth = 0;
  private lambdaVariable: string | undefined;

  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpr {
    const expr = this.or();
    const next = this.peek();
    if (next.kind !== 'end') throw this.error(next, 'expected end of expression');
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? { kind: 'end', at: 0 };
  }

  private take(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private expectPunct(text: string): void {
    const t = this.take();
    if (t.kind !== 'punct' || t.text !== text) throw this.error(t, `expected '${text}'`);
  }

  private error(t: Token, what: string): ODataError {
    return new ODataError(`Syntax error at position ${t.at} in $filter: ${what}.`);
  }

  private or(): FilterExpr {
    let left = this.and();
    while (this.isWord('or')) {
      this.take();
      left = { kind: 'logical', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterExpr {
    let left = this.unary();
    while (this.isWord('and')) {
      this.take();
      left = { kind: 'logical', op: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterExpr {
    if (++this.depth > MAX_DEPTH) throw new ODataError('The $filter expression is nested too deeply.');
    try {
      if (this.isWord('not')) {
        this.take();
        return { kind: 'not', expr: this.unary() };
      }
      if (this.isPunct('(')) {
        this.take();
        const inner = this.or();
        this.expectPunct(')');
        return inner;
      }
      return this.predicate();
    } finally {
      this.depth--;
    }
  }

  private property(): string {
    const t = this.take();
    if (t.kind !== 'ident') throw this.error(t, 'expected a property name');
    if (this.lambdaVariable !== undefined && t.text === this.lambdaVariable) return ELEMENT;
    return t.text;
  }

  private predicate(): FilterExpr {
    const head = this.peek();
    if (
      head.kind === 'ident' &&
      FUNCTIONS.has(head.text.toLowerCase()) &&
      this.tokens[this.pos + 1]?.kind === 'punct'
    ) {
      this.take();
      this.expectPunct('(');
      const property = this.property();
      this.expectPunct(',');
      const value = this.literal();
      this.expectPunct(')');
      if (value.kind !== 'string') throw this.error(head, `${head.text} needs a string literal`);
      return {
        kind: 'function',
        fn: head.text.toLowerCase() as StringFunction,
        property,
        value: value.value,
      };
    }
    let property = this.property();
    // `a/b` is a path into a complex property; `a/any(x: ...)` a lambda over a collection.
    while (this.isPunct('/')) {
      const next = this.tokens[this.pos + 1];
      const afterNext = this.tokens[this.pos + 2];
      if (next?.kind === 'ident' && afterNext?.kind === 'punct' && afterNext.text === '(')
        return this.lambda(property);
      this.take();
      const segment = this.take();
      if (segment.kind !== 'ident') throw this.error(segment, 'expected a property name after /');
      property = `${property}/${segment.text}`;
    }
    const opToken = this.take();
    const op = opToken.kind === 'ident' ? opToken.text.toLowerCase() : '';
    if (op === 'in') {
      this.expectPunct('(');
      const values = [this.literal()];
      while (this.isPunct(',')) {
        this.take();
        values.push(this.literal());
      }
      this.expectPunct(')');
      return { kind: 'in', property, values };
    }
    if (!COMPARE_OPS.has(op))
      throw this.error(opToken, 'expected a comparison operator (eq, ne, gt, ge, lt, le, in)');
    return { kind: 'compare', op: op as CompareOp, property, value: this.literal() };
  }

  private lambda(property: string): FilterExpr {
    this.take(); // '/'
    const fn = this.take();
    if (fn.kind !== 'ident' || fn.text.toLowerCase() !== 'any')
      throw this.error(fn, "only the 'any' lambda is supported");
    if (this.lambdaVariable !== undefined) throw this.error(fn, 'nested lambdas are not supported');
    this.expectPunct('(');
    const variable = this.take();
    if (variable.kind !== 'ident') throw this.error(variable, 'expected a lambda variable');
    this.expectPunct(':');
    this.lambdaVariable = variable.text;
    try {
      const body = this.or();
      this.expectPunct(')');
      return { kind: 'any', property, body };
    } finally {
      this.lambdaVariable = undefined;
    }
  }

  private literal(): Literal {
    const t = this.take();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value };
      case 'number':
        return { kind: 'number', value: t.value };
      case 'datetime':
        return { kind: 'datetime', value: t.value };
      case 'guid':
        return { kind: 'guid', value: t.value };
      case 'ident': {
        const word = t.text.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
        if (word === 'null') return { kind: 'null' };
        throw this.error(t, `expected a literal, found '${t.text}'`);
      }
      default:
        throw this.error(t, 'expected a literal');
    }
  }
}

export function parseFilter(text: string): FilterExpr {
  if (text.trim() === '') throw new ODataError('The $filter expression is empty.');
  return new Parser(tokenize(text)).parse();
}
