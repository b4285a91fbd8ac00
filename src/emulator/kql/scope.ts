import type { SyntaxNode } from './kusto.js';
import type { Relation } from './relation.js';
import type { HuntingDatabase, KqlType, Row } from './table.js';

export type Scalar = (row: Row) => unknown;

export interface Compiled {
  fn: Scalar;
  type: KqlType;
}

/** Per run: the data, the clock, the request's time window and the limit checks. */
export interface Env {
  db: HuntingDatabase;
  now: number;
  window: { start: number; end: number };
  /** Throws a KqlError when the runtime limit passed or the signal aborted. */
  check(): void;
}

export type Binding =
  | { kind: 'scalar'; compiled: Compiled }
  | { kind: 'tabular'; relation: () => Relation }
  | { kind: 'function'; declaration: Kusto.Language.Syntax.FunctionDeclaration; scope: Scope };

/** What a name can refer to while compiling: `let` bindings and function parameters. */
export interface Scope {
  env: Env;
  bindings: ReadonlyMap<string, Binding>;
  /** Sub-expressions already compiled elsewhere (the aggregates inside `iff(count() > 1, ...)`). */
  overrides?: ReadonlyMap<SyntaxNode, Scalar>;
  /** The input's columns where a row also holds others (extend's earlier assignments): pack_all. */
  columns?: readonly string[];
}

export function withBinding(scope: Scope, name: string, binding: Binding): Scope {
  const bindings = new Map(scope.bindings);
  bindings.set(name, binding);
  return { ...scope, bindings };
}

export function constant(value: unknown, type: KqlType): Compiled {
  return { fn: () => value, type };
}
