/**
 * Measures how public hunting queries fare, from a corpus kept outside the repo (one query per
 * `.kql` file, in any folders under the corpus directory):
 *   - refused by the pre-flight (run_hunting_query's local check, default options); refusals for
 *     the `externaldata` policy are counted apart, as the operator's choice;
 *   - run on the emulator's engine over the sandbox world (tenant contoso, seed 1);
 *   - returned at least one row there.
 *
 *   npm run build && node dist/scripts/hunting-corpus.js <corpus-dir> [--list]
 *
 * `--list` prints every refusal and every failure with its reason, for triage.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createClock } from '../src/emulator/clock.js';
import { createWorld } from '../src/emulator/data/world.js';
import { KqlEngine } from '../src/emulator/kql/index.js';
import { checkQuery } from '../src/plugins/hunting/kql/check.js';

interface Outcome {
  file: string;
  refused?: string;
  policy?: boolean;
  failed?: string;
  rows?: number;
}

function queries(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return queries(path);
    return name.endsWith('.kql') ? [path] : [];
  });
}

const percent = (n: number, of: number) => `${of === 0 ? 0 : ((100 * n) / of).toFixed(1)}%`;

/** Groups reasons by their first words, so one missing function shows up as one line. */
function tally(reasons: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of reasons) {
    const key = r
      .replace(/\s+/g, ' ')
      .replace(/at line \d+, column \d+/g, 'at ...')
      .slice(0, 110);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const [dir, ...flags] = process.argv.slice(2);
  if (!dir) throw new Error('usage: hunting-corpus <corpus-dir> [--list]');
  const clock = createClock();
  const world = createWorld({ seed: 1, clock });
  const tenant = world.tenants.find((t) => t.key === 'contoso') ?? world.tenants[0];
  if (!tenant) throw new Error('the sandbox world has no tenant');
  const engine = new KqlEngine();
  const outcomes: Outcome[] = [];
  for (const path of queries(dir).sort()) {
    const file = relative(dir, path);
    const query = readFileSync(path, 'utf8');
    const outcome: Outcome = { file };
    try {
      checkQuery(query, { allowExternalData: false, strictSchema: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome.refused = message;
      outcome.policy = /reaches outside Defender's data/.test(message);
    }
    try {
      const result = await engine.run(tenant.hunting, query, { now: clock.now() });
      outcome.rows = result.results.length;
    } catch (error) {
      outcome.failed = error instanceof Error ? error.message : String(error);
    }
    outcomes.push(outcome);
  }
  const judged = outcomes.filter((o) => !o.policy);
  const refused = judged.filter((o) => o.refused !== undefined);
  // Microsoft's own parser rejects these texts (several queries pasted in one block, a comment
  // wrapped onto a new line): the service would refuse them too. Any other refusal may be false.
  const unparsable = refused.filter((o) => o.refused?.startsWith('Syntax error'));
  const ran = judged.filter((o) => o.failed === undefined);
  const rows = ran.filter((o) => (o.rows ?? 0) > 0);
  console.log(
    `queries: ${outcomes.length} (${outcomes.length - judged.length} outside the externaldata policy)`,
  );
  console.log(`refused by the pre-flight: ${refused.length} (${percent(refused.length, judged.length)})`);
  console.log(`  of which not KQL at all (Microsoft's parser): ${unparsable.length}`);
  console.log(`  possibly false refusals: ${refused.length - unparsable.length}`);
  const sent = judged.filter((o) => o.refused === undefined);
  const sentRan = sent.filter((o) => o.failed === undefined);
  console.log(`ran on the emulator: ${ran.length} (${percent(ran.length, judged.length)})`);
  console.log(
    `  of those the pre-flight sends: ${sentRan.length} of ${sent.length} (${percent(sentRan.length, sent.length)})`,
  );
  console.log(`returned rows: ${rows.length} (${percent(rows.length, judged.length)})`);
  const list = flags.includes('--list');
  console.log('\npre-flight refusals:');
  for (const [reason, n] of tally(refused.map((o) => o.refused ?? ''))) console.log(`  ${n}  ${reason}`);
  if (list) for (const o of refused) console.log(`  - ${o.file}: ${o.refused}`);
  console.log('\nemulator failures:');
  for (const [reason, n] of tally(judged.flatMap((o) => (o.failed ? [o.failed] : []))))
    console.log(`  ${n}  ${reason}`);
  if (list) for (const o of judged) if (o.failed) console.log(`  - ${o.file}: ${o.failed}`);
}

await main();
