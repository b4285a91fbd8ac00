import { performance } from 'node:perf_hooks';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { loadConfig } from '../src/kernel/config/loader.js';
import { createKernel } from '../src/kernel/kernel.js';
import { silentLogger } from '../src/kernel/logger.js';
import { registerBareTools } from './bare-tools.js';
import { median } from './measure.js';

/** Median microseconds of `make()`, over `rounds` rounds of `batch` calls each. */
function timeEach(make: () => unknown, rounds: number, batch: number): number {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let i = 0; i < batch; i++) make();
    samples.push(((performance.now() - started) * 1000) / batch);
  }
  return median(samples);
}

/**
 * What one more client session costs: `kernel.createServer()` (a child container per plugin, the
 * session's tool instances, an SDK server) against a bare McpServer registering the same tools.
 * In this process, interleaved, after a warm-up.
 */
export async function sessionCost(configFile: string, rounds = 9, batch = 50) {
  const { config, configDir } = await loadConfig({ file: configFile });
  const kernel = await createKernel({ config, configDir, logger: silentLogger });
  try {
    const names = kernel.listing.map((tool) => tool.name);
    const ours = () => kernel.createServer();
    const bare = () => registerBareTools(new McpServer({ name: 'bare', version: '0.0.0' }), names);
    timeEach(ours, 2, batch);
    timeEach(bare, 2, batch);
    const samples = { ours: [] as number[], bare: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      samples.ours.push(timeEach(ours, 1, batch));
      samples.bare.push(timeEach(bare, 1, batch));
    }
    return { oursUs: median(samples.ours), bareUs: median(samples.bare) };
  } finally {
    await kernel.close();
  }
}
