import type { ServerCommand } from './measure.js';
import { median } from './measure.js';

/** Every run's value per server, the baseline (bare SDK) among them. */
export type Series = Map<ServerCommand, number[]>;

/**
 * Runs `measure` on every server `runs` times, rotating which goes first (and reversing the order
 * every other run), so drift in the machine's load hits all of them alike.
 */
export async function alternate(
  servers: readonly ServerCommand[],
  runs: number,
  measure: (server: ServerCommand) => Promise<number>,
): Promise<Series> {
  const series: Series = new Map(servers.map((server) => [server, [] as number[]]));
  for (let run = 0; run < runs; run++) {
    const rotated = [...servers.slice(run % servers.length), ...servers.slice(0, run % servers.length)];
    for (const server of run % 2 === 0 ? rotated : rotated.reverse()) {
      series.get(server)?.push(await measure(server));
    }
  }
  return series;
}

export interface Target {
  /** `max`: the ratio must stay at or below `ratio` (costs); `min`: at or above (throughput). */
  readonly bound: 'max' | 'min';
  readonly ratio: number;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

/** One line per server: its median, and its ratio to the baseline run by run (min / median / max). */
export function table(
  title: string,
  series: Series,
  baseline: ServerCommand,
  unit: string,
  targets: ReadonlyMap<ServerCommand, Target> = new Map(),
  digits = 2,
): string {
  const base = series.get(baseline) ?? [];
  const width = Math.max(...[...series.keys()].map((server) => server.label.length));
  const lines = [`${title} (${base.length} runs; ratio = run / bare SDK's same run)`];
  for (const [server, values] of series) {
    const label = server.label.padEnd(width);
    const value = `${fixed(median(values), digits).padStart(10)} ${unit}`;
    if (server === baseline) {
      lines.push(`  ${label} ${value}`);
      continue;
    }
    const ratios = values.map((v, i) => v / (base[i] as number));
    const [min, mid, max] = [Math.min(...ratios), median(ratios), Math.max(...ratios)];
    const target = targets.get(server);
    const verdict =
      target === undefined
        ? ''
        : `  target ${target.bound === 'max' ? '<=' : '>='} ${target.ratio}x: ${
            (target.bound === 'max' ? mid <= target.ratio : mid >= target.ratio) ? 'met' : 'NOT met'
          }`;
    lines.push(`  ${label} ${value}   ${fixed(min, 2)}x / ${fixed(mid, 2)}x / ${fixed(max, 2)}x${verdict}`);
  }
  return `${lines.join('\n')}\n\n`;
}
