import type { SyntaxNode } from './kusto.js';
import type { Relation } from './relation.js';
import { compileScalar } from './scalar.js';
import { type Binding, type Compiled, type Scope, withBinding } from './scope.js';
import { elements, nameOf, unsupported } from './syntax.js';
import { compileStatements, compileTabular, isTabular } from './tabular.js';

type FunctionBinding = Extract<Binding, { kind: 'function' }>;

/**
 * A call of a `let f = (a:long, b:string="x") { ... }` function: parameters are bound to the
 * caller's argument expressions (or defaults), then the body is compiled in the function's own scope.
 */
function bindParameters(
  binding: FunctionBinding,
  argNodes: SyntaxNode[],
  caller: Scope,
  piped?: Relation,
): Scope {
  let scope: Scope = { env: caller.env, bindings: binding.scope.bindings };
  const params = elements<Kusto.Language.Syntax.FunctionParameter>(
    binding.declaration.Parameters?.Parameters,
  );
  params.forEach((param, i) => {
    const name = nameOf(param.NameAndType?.Name);
    // `T | invoke f(a)`: T is the first parameter, the arguments fill the rest.
    if (piped && i === 0) {
      scope = withBinding(scope, name, { kind: 'tabular', relation: () => piped });
      return;
    }
    const arg = argNodes[piped ? i - 1 : i];
    const defaultValue = param.DefaultValue?.Value as SyntaxNode | null | undefined;
    if (arg && isTabular(arg)) {
      const rel = compileTabular(arg, caller);
      scope = withBinding(scope, name, { kind: 'tabular', relation: () => rel });
      return;
    }
    const source = arg
      ? compileScalar(arg, caller)
      : defaultValue
        ? compileScalar(defaultValue, caller)
        : undefined;
    if (!source)
      throw unsupported(`calling '${nameOf(binding.declaration)}' without its parameter '${name}'`);
    scope = withBinding(scope, name, { kind: 'scalar', compiled: source });
  });
  return scope;
}

export function callUserFunction(
  binding: FunctionBinding,
  argNodes: SyntaxNode[],
  caller: Scope,
  mode: 'scalar',
): Compiled;
export function callUserFunction(
  binding: FunctionBinding,
  argNodes: SyntaxNode[],
  caller: Scope,
  mode: 'tabular',
  piped?: Relation,
): Relation;
export function callUserFunction(
  binding: FunctionBinding,
  argNodes: SyntaxNode[],
  caller: Scope,
  mode: 'scalar' | 'tabular',
  piped?: Relation,
): Compiled | Relation {
  const body = binding.declaration.Body;
  if (!body?.Expression) throw unsupported('a function without a result expression');
  const bound = bindParameters(binding, argNodes, caller, piped);
  const scope = compileStatements(elements(body.Statements), bound);
  return mode === 'tabular' ? compileTabular(body.Expression, scope) : compileScalar(body.Expression, scope);
}
