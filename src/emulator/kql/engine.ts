import { setImmediate as nextTick } from 'node:timers/promises';
import { analyze } from './analyze.js';
import { nodeClass, type SyntaxNode } from './kusto.js';
import { PAUSE } from './relation.js';
import type { Env } from './scope.js';
import { elements, unsupported } from './syntax.js';
import {
  type HuntingDatabase,
  type HuntingEngine,
  type HuntingResult,
  type HuntingRunOptions,
  KqlError,
  type Row,
} from './table.js';
import { compileStatements, compileTabular, isTabular } from './tabular.js';
import { timeWindow } from './timespan.js';
import { API_TYPES, toApiValue } from './values.js';

/** The hunting APIs' documented limits: 100,000 rows, 200 s per request, 124 MB of results. */
export const DEFAULT_LIMITS = { maxRows: 100_000, maxMs: 200_000, maxBytes: 124 * 1024 * 1024 };

function limitError(message: string): KqlError {
  return new KqlError('limit', message);
}

/**
 * Runs Advanced Hunting KQL over a HuntingDatabase: Microsoft's parser and analyzer check the query
 * (syntax, names, types), then the syntax tree is compiled to lazy row streams and driven here,
 * yielding to the event loop at each PAUSE so the AbortSignal and the runtime limit take effect.
 */
export class KqlEngine implements HuntingEngine {
  async run(db: HuntingDatabase, query: string, options: HuntingRunOptions): Promise<HuntingResult> {
    try {
      return await this.execute(db, query, options);
    } catch (error) {
      if (error instanceof KqlError) throw error;
      // Never a crash: anything unexpected is reported as a query the emulator cannot run.
      const detail = error instanceof Error ? error.message : String(error);
      throw new KqlError(
        'unsupported',
        `The emulator could not evaluate this query: ${detail.slice(0, 200)}`,
      );
    }
  }

  private async execute(
    db: HuntingDatabase,
    query: string,
    options: HuntingRunOptions,
  ): Promise<HuntingResult> {
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    const deadline = Date.now() + limits.maxMs;
    const check = (): void => {
      if (options.signal?.aborted) throw limitError('The query was cancelled.');
      if (Date.now() > deadline) {
        throw limitError(
          `Query execution has exceeded the allowed time limit (${limits.maxMs} ms). Optimize your query and try again.`,
        );
      }
    };
    check();
    const window = timeWindow(options.timespan, options.now);
    const code = analyze(db, query);
    const env: Env = { db, now: options.now, window, check };
    const statements = elements((code.Syntax as Kusto.Language.Syntax.QueryBlock).Statements);
    const scope = compileStatements(statements, { env, bindings: new Map() });
    const last = statements.at(-1);
    if (!last || nodeClass(last) !== 'ExpressionStatement') {
      throw new KqlError('semantic', 'Semantic error: the query must end with a tabular expression');
    }
    const expression = (last as Kusto.Language.Syntax.ExpressionStatement).Expression as SyntaxNode;
    if (!isTabular(expression)) throw unsupported('a query whose result is a scalar (use print)');
    const rel = compileTabular(expression, scope);

    const schema = rel.columns.map((c) => ({ name: c.name, type: API_TYPES[c.type] }));
    const results: Row[] = [];
    let bytes = 2;
    for (const r of rel.rows()) {
      if (r === PAUSE) {
        check();
        await nextTick();
        check();
        continue;
      }
      if (results.length >= limits.maxRows) {
        throw limitError(
          `Query result exceeded the maximum of ${limits.maxRows} rows. Use 'take', 'summarize' or a narrower filter to reduce the result size.`,
        );
      }
      const out: Row = {};
      for (const c of rel.columns) out[c.name] = toApiValue(r[c.name], c.type);
      bytes += JSON.stringify(out).length + 1;
      if (bytes > limits.maxBytes) {
        throw limitError(
          'Query execution has exceeded the allowed result size. Optimize your query by limiting the number of results and try again',
        );
      }
      results.push(out);
    }
    check();
    return { schema, results };
  }
}
