import { callUserFunction } from '../functions-user.js';
import type { SyntaxNode } from '../kusto.js';
import { emptyOf, type Relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, elements, nameOf, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';
import { mapRows } from './stream.js';

/**
 * `T | invoke f(args)`: a `let` function gets T as its first (tabular) parameter; a service function
 * (FileProfile, DeviceFromIP, SeenBy) adds its documented columns. The emulator has no global file
 * or device-discovery knowledge behind them, so their columns are empty, as the service leaves them
 * when a profile is not available (its docs say enrichment shows "only when available").
 */
export function invoke(node: Ex<'InvokeOperator'>, input: Relation, scope: Scope): Relation {
  const call = node.Function as Ex<'FunctionCallExpression'> | null;
  if (!call) throw unsupported(`this form of invoke ('${textOf(node)}')`);
  const name = nameOf(call.Name);
  const binding = scope.bindings.get(name);
  if (binding?.kind === 'function') {
    return callUserFunction(binding, elements(call.ArgumentList?.Expressions), scope, 'tabular', input);
  }
  const service = scope.env.db.functions?.().find((f) => f.name === name && f.invoked);
  if (!service) throw unsupported(`invoking '${name}()'`);
  const columns = columnsOf(node);
  const added = service.columns.map((c) => [c.name, emptyOf(c)] as const);
  return mapRows(input, columns, (r) => {
    const out: Row = { ...r };
    for (const [column, empty] of added) out[column] = empty;
    return out;
  });
}

/** `render`: a chart hint for the portal; the API returns the table unchanged. */
export function render(_node: SyntaxNode, input: Relation): Relation {
  return input;
}
