/**
 * Why a public hunt returns no rows in the sandbox: runs each query of the corpus that runs but
 * returns nothing, cut after each operator of its final pipeline, and reports the first operator
 * that turns rows into none (or the source that is empty to begin with). Seeding is then aimed at
 * the commonest causes, in general rather than per query.
 *
 *   npm run build && node dist/scripts/hunting-corpus-why.js <corpus-dir>
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createClock } from '../src/emulator/clock.js';
import { createWorld } from '../src/emulator/data/world.js';
import { KqlEngine } from '../src/emulator/kql/index.js';
import { kusto, nodeClass, type SyntaxNode } from '../src/emulator/kql/kusto.js';
import { elements, textOf } from '../src/emulator/kql/syntax.js';
import type { HuntingDatabase } from '../src/emulator/kql/table.js';

function queries(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return queries(path);
    return name.endsWith('.kql') ? [path] : [];
  });
}

/** The ends of the final pipeline's prefixes, shortest first, each with the operator that follows it. */
function cuts(query: string): { end: number; next: string }[] {
  const K = kusto();
  const code = K.KustoCode.Parse(query);
  const block = code?.Syntax as Kusto.Language.Syntax.QueryBlock;
  const last = elements(block?.Statements).at(-1) as Kusto.Language.Syntax.ExpressionStatement | undefined;
  let node = last?.Expression as SyntaxNode | null | undefined;
  const out: { end: number; next: string }[] = [];
  while (node && nodeClass(node) === 'PipeExpression') {
    const pipe = node as Kusto.Language.Syntax.PipeExpression;
    const inner = pipe.Expression as SyntaxNode;
    out.unshift({ end: inner.End, next: textOf(pipe.Operator as SyntaxNode) });
    node = inner;
  }
  return out;
}

async function rowsOf(engine: KqlEngine, db: HuntingDatabase, text: string, now: number): Promise<number> {
  try {
    return (await engine.run(db, text, { now })).results.length;
  } catch {
    return -1;
  }
}

async function main(): Promise<void> {
  const [dir] = process.argv.slice(2);
  if (!dir) throw new Error('usage: hunting-corpus-why <corpus-dir>');
  const clock = createClock();
  const world = createWorld({ seed: 1, clock });
  const tenant = world.tenants.find((t) => t.key === 'contoso') ?? world.tenants[0];
  if (!tenant) throw new Error('the sandbox world has no tenant');
  const engine = new KqlEngine();
  const now = clock.now();
  for (const path of queries(dir).sort()) {
    const query = readFileSync(path, 'utf8');
    if ((await rowsOf(engine, tenant.hunting, query, now)) !== 0) continue;
    let verdict = 'the whole query (no pipeline)';
    const steps = cuts(query);
    if (steps[0] && (await rowsOf(engine, tenant.hunting, query.slice(0, steps[0].end), now)) === 0) {
      verdict = `empty source: ${query.slice(0, steps[0].end).split('\n').at(-1)?.trim().slice(0, 80)}`;
    } else {
      for (let i = 1; i <= steps.length; i++) {
        const end = steps[i]?.end ?? query.length;
        if ((await rowsOf(engine, tenant.hunting, query.slice(0, end), now)) === 0) {
          verdict = `${steps[i - 1]?.next}`;
          break;
        }
      }
    }
    console.log(`${relative(dir, path)}\t${verdict.replace(/\s+/g, ' ')}`);
  }
}

await main();
