/**
 * Preloaded into every benchmarked server (`node --import dist/bench/probe.js server.js`): on SIGUSR2
 * the server itself appends one JSON line `{ user, system, rss }` (process.cpuUsage in µs, RSS in
 * bytes) to the file named by MCP_XDR_BENCH_PROBE. The same probe in every server, ours and peers,
 * so CPU and memory are measured the same way without touching any server's code.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.MCP_XDR_BENCH_PROBE;
if (file !== undefined && file !== '') {
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(file, `${JSON.stringify({ user, system, rss: process.memoryUsage.rss() })}\n`);
  });
}
