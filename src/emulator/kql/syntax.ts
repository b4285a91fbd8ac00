import { kqlTypeOf, nodeClass, type SyntaxNode } from './kusto.js';
import { KqlError, type KqlType } from './table.js';

type SyntaxClasses = typeof Kusto.Language.Syntax;
/** The instance type of a parser syntax class: `Ex<'FilterOperator'>`. */
export type Ex<K extends keyof SyntaxClasses> = SyntaxClasses[K] extends { prototype: infer P } ? P : never;

/** The items of a SyntaxList, unwrapping SeparatedElement (item + comma) pairs. */
export function elements<T extends SyntaxNode = SyntaxNode>(list: SyntaxNode | null | undefined): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.ChildCount; i++) {
    const child = list.GetChild(i) as SyntaxNode | null;
    if (!child) continue;
    const element =
      nodeClass(child) === 'SeparatedElement' ? (child.GetChild(0) as SyntaxNode | null) : child;
    if (element) out.push(element as T);
  }
  return out;
}

/** The analyzer's result type of an expression node. */
export function typeOf(node: SyntaxNode): KqlType {
  return kqlTypeOf((node as Kusto.Language.Syntax.Expression).ResultType);
}

/** The identifier a NameReference / NameDeclaration / token spells. */
export function nameOf(node: SyntaxNode | null | undefined): string {
  if (!node) return '';
  const simple = (node as unknown as { SimpleName?: string }).SimpleName;
  if (typeof simple === 'string') return simple;
  return (node as unknown as { Text?: string }).Text ?? '';
}

/** The text of a node on one line (IncludeTrivia.SingleLine), for values and messages. */
export function textOf(node: SyntaxNode): string {
  return String(node.ToString(3 as Kusto.Language.Syntax.IncludeTrivia) ?? '')
    .trim()
    .slice(0, 80);
}

export function unsupported(what: string): KqlError {
  return new KqlError(
    'unsupported',
    `The emulator's query engine does not support ${what}. Supported KQL is listed in docs/emulator.md.`,
  );
}

/** Named parameters of an operator (`kind=leftouter`, `withsource=Src`) as lower-case name -> value text. */
export function operatorParameters(list: SyntaxNode | null | undefined): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of elements<Kusto.Language.Syntax.NamedParameter>(list)) {
    const name = nameOf(p.Name).toLowerCase();
    if (p.Expression) out.set(name, p.Expression);
  }
  return out;
}
