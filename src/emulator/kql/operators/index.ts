import { nodeClass, type SyntaxNode } from '../kusto.js';
import type { Relation } from '../relation.js';
import type { Scope } from '../scope.js';
import { type Ex, textOf, unsupported } from '../syntax.js';
import { framed, usesWindow } from '../window.js';
import {
  count,
  distinct,
  extend,
  getschema,
  project,
  projectAway,
  projectRename,
  range,
  take,
  where,
} from './basic.js';
import { evaluate } from './evaluate.js';
import { mvExpand, parse } from './expand.js';
import { invoke, render } from './invoke.js';
import { join } from './join.js';
import { lookup } from './lookup.js';
import { makeSeries } from './make-series.js';
import { scan } from './scan.js';
import { search } from './search.js';
import { sort, top } from './sort.js';
import { mvApply, partition } from './subquery.js';
import { summarize } from './summarize.js';
import { topNested } from './top-nested.js';
import { unionOf } from './union.js';

/** The keyword a user wrote, for the `unsupported` message: `make-series`, `evaluate`, ... */
function keywordOf(node: SyntaxNode): string {
  const first = node.GetChild(0) as { Text?: string } | null;
  return first?.Text || nodeClass(node);
}

/** Applies one tabular operator (the right side of a `|`) to its input. */
export function applyOperator(node: SyntaxNode, rows: Relation, scope: Scope): Relation {
  // prev()/next()/row_number() look at neighbouring rows: such an operator reads its input whole.
  const input = usesWindow(node) ? framed(rows) : rows;
  switch (nodeClass(node)) {
    case 'FilterOperator':
      return where(node as Ex<'FilterOperator'>, input, scope);
    case 'ProjectOperator':
    case 'PrintOperator':
      return project(node as Ex<'ProjectOperator'>, input, scope);
    case 'ProjectAwayOperator':
    case 'ProjectReorderOperator':
    case 'ProjectKeepOperator':
      return projectAway(node, input);
    case 'ProjectRenameOperator':
      return projectRename(node as Ex<'ProjectRenameOperator'>, input);
    case 'ExtendOperator':
      return extend(node as Ex<'ExtendOperator'>, input, scope);
    case 'SerializeOperator':
      // Our row streams keep their order already: serialize only adds its columns, as extend does.
      return extend(node as unknown as Ex<'ExtendOperator'>, input, scope);
    case 'PartitionOperator':
      return partition(node as Ex<'PartitionOperator'>, input, scope);
    case 'MvApplyOperator':
      return mvApply(node as Ex<'MvApplyOperator'>, input, scope);
    case 'MakeSeriesOperator':
      return makeSeries(node as Ex<'MakeSeriesOperator'>, input, scope);
    case 'RangeOperator':
      return range(node as Ex<'RangeOperator'>, scope);
    case 'ScanOperator':
      return scan(node as Ex<'ScanOperator'>, input, scope);
    case 'EvaluateOperator':
      return evaluate(node as Ex<'EvaluateOperator'>, input, scope);
    case 'TakeOperator':
      return take(node, (node as Ex<'TakeOperator'>).Expression as SyntaxNode, input, scope);
    case 'CountOperator':
      return count(node, input);
    case 'DistinctOperator':
      return distinct(node as Ex<'DistinctOperator'>, input);
    case 'GetSchemaOperator':
      return getschema(node, input);
    case 'SummarizeOperator':
      return summarize(node as Ex<'SummarizeOperator'>, input, scope);
    case 'SortOperator':
      return sort(node as Ex<'SortOperator'>, input, scope);
    case 'TopOperator':
      return top(node as Ex<'TopOperator'>, input, scope);
    case 'JoinOperator':
      return join(node as Ex<'JoinOperator'>, input, scope);
    case 'UnionOperator':
      return unionOf(node as Ex<'UnionOperator'>, input, scope);
    case 'SearchOperator':
      return search(node as Ex<'SearchOperator'>, input, scope);
    case 'MvExpandOperator':
      return mvExpand(node as Ex<'MvExpandOperator'>, input, scope);
    case 'ParseOperator':
      return parse(node as Ex<'ParseOperator'>, input, scope);
    case 'InvokeOperator':
      return invoke(node as Ex<'InvokeOperator'>, input, scope);
    case 'LookupOperator':
      return lookup(node as Ex<'LookupOperator'>, input, scope);
    case 'TopNestedOperator':
      return topNested(node as Ex<'TopNestedOperator'>, input, scope);
    case 'RenderOperator':
      return render(node, input);
    default:
      throw unsupported(`the '${keywordOf(node)}' operator ('${textOf(node)}')`);
  }
}
