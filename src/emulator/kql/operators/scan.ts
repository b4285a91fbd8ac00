import { nodeClass, type SyntaxNode } from '../kusto.js';
import { type Flow, PAUSE, type Relation, relation } from '../relation.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../scope.js';
import { type Ex, elements, nameOf, operatorParameters, textOf, unsupported } from '../syntax.js';
import type { Row } from '../table.js';
import { columnsOf } from '../tabular.js';

/** A match in progress: its id and, per step, the last row it matched there (with the declared columns). */
interface Match {
  id: number;
  rows: (Row | undefined)[];
}

interface Step {
  name: string;
  condition: Scalar;
  assignments: [string, Scalar][];
  output: 'all' | 'last' | 'none';
}

/** `Step.Column` inside conditions and assignments: that step's row in the match being tried. */
function stepReferences(
  node: SyntaxNode,
  names: Map<string, number>,
  read: (step: number, column: string) => unknown,
  out: Map<SyntaxNode, Scalar>,
) {
  if (nodeClass(node) === 'PathExpression') {
    const path = node as Ex<'PathExpression'>;
    const index = names.get(nameOf(path.Expression));
    if (nodeClass(path.Expression) === 'NameReference' && index !== undefined) {
      const column = nameOf(path.Selector);
      out.set(node, () => read(index, column));
      return;
    }
  }
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i) as SyntaxNode | null;
    if (child) stepReferences(child, names, read, out);
  }
}

/** A `declare (x:long = 0)` default: the analyzer leaves such literals untyped, so plain text is read too. */
function declaredDefault(value: SyntaxNode | null | undefined, scope: Scope): unknown {
  if (!value) return null;
  try {
    return compileScalar(value, scope).fn({});
  } catch {
    const text = textOf(value);
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    return text.replace(/^(['"])(.*)\1$/, '$2');
  }
}

/**
 * `scan [with_match_id=Id] [declare (C:type[=d], ...)] with (step s1: cond => C = e; ...)`, as the
 * Kusto docs describe its matching: for each row, steps are tried from last to first. Step k > 1
 * matches when step k-1 holds a state and the row meets k's condition (the state moves on to k);
 * or when k holds a state and the row meets its condition again (the state is updated). Step 1
 * matches a row meeting its condition and starts a new match. A matching row is output with the
 * declared columns and the match id, and earlier steps are not tried for it. (`order by` /
 * `partition by` clauses and `output=` other than all are not supported.)
 */
export function scan(node: Ex<'ScanOperator'>, input: Relation, scope: Scope): Relation {
  if (node.OrderByClause || node.PartitionByClause)
    throw unsupported(`scan order/partition clauses ('${textOf(node)}')`);
  const params = operatorParameters(node.Parameters);
  const matchId = params.get('with_match_id');
  const matchName = matchId ? textOf(matchId) : 'match_id';
  const columns = columnsOf(node);
  const stepNodes = elements<Ex<'ScanStep'>>(node.Steps);
  const names = new Map(stepNodes.map((s, i) => [nameOf(s.Name), i] as const));
  const declared = elements<Kusto.Language.Syntax.FunctionParameter>(node.DeclareClause?.Declarations).map(
    (p) => [nameOf(p.NameAndType?.Name), declaredDefault(p.DefaultValue?.Value, scope)] as const,
  );
  const defaults: Row = Object.fromEntries(declared);
  // The match being tried; a step it has not reached reads as the declared defaults.
  let trying: Match | undefined;
  const read = (step: number, column: string) => {
    const row = trying?.rows[step];
    return row ? (row[column] ?? null) : (defaults[column] ?? null);
  };
  const overrides = new Map<SyntaxNode, Scalar>();
  for (const s of stepNodes) stepReferences(s, names, read, overrides);
  const inner: Scope = { ...scope, overrides: new Map([...(scope.overrides ?? []), ...overrides]) };
  const steps: Step[] = stepNodes.map((s) => {
    const kind = s.ScanStepOutput?.OutputKind?.Text?.toLowerCase() ?? 'all';
    if (kind !== 'all') throw unsupported(`scan step output '${kind}'`);
    const assignments = elements<Kusto.Language.Syntax.ScanAssignment>(s.ComputationClause?.Assignments).map(
      (a) => [nameOf(a.Name), compileScalar(a.Expression as SyntaxNode, inner).fn] as [string, Scalar],
    );
    return {
      name: nameOf(s.Name),
      condition: compileScalar(s.Condition as SyntaxNode, inner).fn,
      assignments,
      output: 'all',
    };
  });
  const latest = (m: Match): Row => m.rows.findLast((x) => x !== undefined) ?? defaults;
  const meets = (step: Step, match: Match | undefined, r: Row): boolean => {
    trying = match;
    return step.condition({ ...(match ? latest(match) : defaults), ...r }) === true;
  };
  return relation(columns, function* (): Iterable<Flow> {
    const states: (Match | undefined)[] = steps.map(() => undefined);
    let nextId = 0;
    for (const r of input.rows()) {
      if (r === PAUSE) {
        yield r;
        continue;
      }
      for (let k = steps.length - 1; k >= 0; k--) {
        const step = steps[k] as Step;
        const previous = k > 0 ? states[k - 1] : undefined;
        const own = states[k];
        let from: Match | undefined;
        let fresh = false;
        if (previous && meets(step, previous, r)) from = previous;
        else if (own && meets(step, own, r)) from = own;
        else if (k === 0 && !own && meets(step, undefined, r)) fresh = true;
        if (!from && !fresh) continue;
        trying = from;
        const row: Row = { ...r };
        const base = from ? latest(from) : defaults;
        for (const [n] of declared) row[n] = base[n] ?? null;
        for (const [n, fn] of step.assignments) row[n] = fn({ ...row });
        const match: Match = from
          ? { id: from.id, rows: from.rows.map((x, i) => (i === k ? row : x)) }
          : { id: nextId++, rows: steps.map((_, i) => (i === 0 ? row : undefined)) };
        if (from && from === previous) states[k - 1] = undefined;
        states[k] = match;
        const out: Row = {};
        for (const c of columns) out[c.name] = c.name === matchName ? match.id : (row[c.name] ?? null);
        yield out;
        break;
      }
    }
  });
}
