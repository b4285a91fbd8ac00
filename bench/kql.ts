/**
 * `node dist/bench/kql.js` (after `npm run build`): the emulator's KQL engine on large tables.
 *   warm-up:    loading Microsoft's parser and the first analysis (paid once per process)
 *   aggregate:  `where` + `summarize` over one million generated rows (target: under 2 s)
 *   join:       an inner join of two 100,000-row tables
 *   top-nested: the top files, and the top devices within each, over one million rows
 *   make_set:   the distinct command lines per device over one million rows
 * Rows are generated while scanned, as the emulator's seeded tables are, so memory stays flat.
 * Prints times, rows per second and memory; it asserts nothing (numbers depend on the machine).
 */
import { performance } from 'node:perf_hooks';
import { KqlEngine } from '../src/emulator/kql/engine.js';
import type { HuntingDatabase, HuntingTable, Row, TableColumn } from '../src/emulator/kql/table.js';

const MILLION = Number(process.env.BENCH_KQL_ROWS ?? 1_000_000);
const JOIN_ROWS = Number(process.env.BENCH_KQL_JOIN_ROWS ?? 100_000);
const TARGET_MS = 2000;
const NOW = Date.parse('2026-01-31T00:00:00Z');
const FILES = [
  'powershell.exe',
  'cmd.exe',
  'svchost.exe',
  'chrome.exe',
  'rundll32.exe',
  'git.exe',
  'teams.exe',
];

function generated(
  name: string,
  columns: TableColumn[],
  count: number,
  row: (i: number) => Row,
): HuntingTable {
  return {
    name,
    columns,
    size: count,
    *rows() {
      for (let i = 0; i < count; i++) yield row(i);
    },
  };
}

const processColumns: TableColumn[] = [
  { name: 'Timestamp', type: 'datetime' },
  { name: 'DeviceId', type: 'string' },
  { name: 'FileName', type: 'string' },
  { name: 'ProcessId', type: 'long' },
  { name: 'ProcessCommandLine', type: 'string' },
];

const events = generated('Events', processColumns, MILLION, (i) => ({
  Timestamp: NOW - (i % (29 * 86_400)) * 1000,
  DeviceId: `device-${i % 500}`,
  FileName: FILES[i % FILES.length] as string,
  ProcessId: i,
  ProcessCommandLine: i % 97 === 0 ? 'powershell.exe -EncodedCommand SQBFAFgA' : 'svchost.exe -k netsvcs',
}));

const procs = generated('Procs', processColumns, JOIN_ROWS, (i) => ({
  Timestamp: NOW - i * 1000,
  DeviceId: `device-${i % 500}`,
  FileName: FILES[i % FILES.length] as string,
  ProcessId: i,
  ProcessCommandLine: '',
}));

const conns = generated(
  'Conns',
  [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'DeviceId', type: 'string' },
    { name: 'InitiatingProcessId', type: 'long' },
    { name: 'RemoteIP', type: 'string' },
  ],
  JOIN_ROWS,
  (i) => ({
    Timestamp: NOW - i * 1000,
    DeviceId: `device-${(i * 7) % 500}`,
    InitiatingProcessId: (i * 7) % JOIN_ROWS,
    RemoteIP: `203.0.113.${i % 250}`,
  }),
);

const tables = [events, procs, conns];
const db: HuntingDatabase = { table: (n) => tables.find((t) => t.name === n), tables: () => tables };
const engine = new KqlEngine();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (rows: number, ms: number) => `${Math.round((rows / ms) * 1000).toLocaleString('en-US')} rows/s`;

async function timed(query: string): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const result = await engine.run(db, query, { now: NOW });
  return { ms: performance.now() - started, rows: result.results.length };
}

async function main(): Promise<void> {
  process.stdout.write(`KQL engine bench: node ${process.version}\n\n`);

  const warm = await timed('Events | take 1');
  process.stdout.write(`parser warm-up (load + first analysis): ${warm.ms.toFixed(0)} ms\n\n`);

  let scanned = 0;
  const scanStart = performance.now();
  for (const _ of events.rows()) scanned++;
  const scanMs = performance.now() - scanStart;
  process.stdout.write(
    `baseline: generating ${scanned.toLocaleString('en-US')} rows alone takes ${scanMs.toFixed(0)} ms\n\n`,
  );

  const aggregate = await timed(`Events
    | where FileName in~ ("powershell.exe", "rundll32.exe") or ProcessCommandLine has "EncodedCommand"
    | summarize Count = count(), Devices = dcount(DeviceId), Last = max(Timestamp) by FileName, bin(Timestamp, 1d)`);
  const ratio = aggregate.ms / TARGET_MS;
  process.stdout.write(
    `where + summarize over ${MILLION.toLocaleString('en-US')} rows: ${aggregate.ms.toFixed(0)} ms, ${rate(MILLION, aggregate.ms)}, ${aggregate.rows} groups\n` +
      `  ratio to the 2 s target: ${ratio.toFixed(2)}x (${ratio <= 1 ? 'within target' : 'OVER target'})\n\n`,
  );

  const join = await timed(`Procs
    | join kind=inner (Conns) on DeviceId, $left.ProcessId == $right.InitiatingProcessId
    | summarize Pairs = count(), Ips = dcount(RemoteIP)`);
  process.stdout.write(
    `join of two ${JOIN_ROWS.toLocaleString('en-US')}-row tables: ${join.ms.toFixed(0)} ms, ${rate(2 * JOIN_ROWS, join.ms)} (input rows)\n\n`,
  );

  const nested = await timed(`Events
    | top-nested 5 of FileName by count(), top-nested 3 of DeviceId by max(Timestamp)`);
  process.stdout.write(
    `top-nested over ${MILLION.toLocaleString('en-US')} rows: ${nested.ms.toFixed(0)} ms, ${rate(MILLION, nested.ms)}, ${nested.rows} rows\n\n`,
  );

  const sets = await timed(
    'Events | summarize Files = make_set(FileName), Lines = make_set(ProcessCommandLine) by DeviceId',
  );
  process.stdout.write(
    `make_set over ${MILLION.toLocaleString('en-US')} rows: ${sets.ms.toFixed(0)} ms, ${rate(MILLION, sets.ms)}, ${sets.rows} groups\n\n`,
  );

  const memory = process.memoryUsage();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `memory: peak RSS ${mb(maxRss)}, now RSS ${mb(memory.rss)}, heap used ${mb(memory.heapUsed)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
