import { escapeDeep } from '../../defender/present.js';

/** How much of a hunting result one response may carry. */
export interface RowBudget {
  maxRows: number;
  /** Bytes of the escaped rows as JSON (structured content; the text view repeats about as much). */
  maxBytes: number;
}

export interface ShapedRows {
  rows: Record<string, unknown>[];
  rowCount: number;
  totalRows: number;
  truncated: boolean;
}

/**
 * Keeps the leading rows that fit the budget, escaping each (rows are attacker-reachable data).
 * Only kept rows are escaped and measured, so a 100,000-row answer costs the work of the rows shown.
 */
export function shapeRows(rows: readonly Record<string, unknown>[], budget: RowBudget): ShapedRows {
  const kept: Record<string, unknown>[] = [];
  let bytes = 2; // the array's brackets
  for (const row of rows) {
    if (kept.length >= budget.maxRows) break;
    const escaped = escapeDeep(row);
    const size = Buffer.byteLength(JSON.stringify(escaped)) + 1;
    if (bytes + size > budget.maxBytes) break;
    bytes += size;
    kept.push(escaped);
  }
  return { rows: kept, rowCount: kept.length, totalRows: rows.length, truncated: kept.length < rows.length };
}

/** Headings, notice, hint and next steps of a response, generously. */
const RESPONSE_OVERHEAD_BYTES = 1024;

/**
 * The rows' budget for one tenant's result, capped so the whole response fits the kernel's output
 * budget: the schema and the rows appear twice (structured content and the text view). Over the
 * kernel's budget a result would be refused outright; shaping below it keeps a big hunt useful.
 */
export function rowBudgetFor(
  budget: RowBudget,
  outputBudgetBytes: number,
  tenants: number,
  schemaBytes: number,
): RowBudget {
  const share = shareOf(budget, tenants);
  const room =
    Math.floor(outputBudgetBytes / Math.max(1, tenants)) - 2 * schemaBytes - RESPONSE_OVERHEAD_BYTES;
  return { maxRows: share.maxRows, maxBytes: Math.max(0, Math.min(share.maxBytes, Math.floor(room / 2))) };
}

/** A budget split evenly between the tenants of one response, so all of them fit together. */
function shareOf(budget: RowBudget, tenants: number): RowBudget {
  const n = Math.max(1, tenants);
  return { maxRows: Math.max(1, Math.floor(budget.maxRows / n)), maxBytes: Math.floor(budget.maxBytes / n) };
}

export const NARROW_HINT =
  'Narrow the query to see everything: project only the columns you need, filter with where, ' +
  'add `| take 100`, or aggregate with summarize (e.g. `| summarize count() by DeviceName`).';
