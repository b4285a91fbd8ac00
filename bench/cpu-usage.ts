import { readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where unreadable. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: count fields after its closing parenthesis (field 3 on).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine so far (every core, every process), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((sum, t) => sum + t, 0) - idle) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Cores used over a window, by who used them. */
export interface CpuShare {
  readonly replicas: number;
  /** This process: the load-generating client (and the idle emulator). */
  readonly client: number;
  /** nginx, Redis and every other process on the machine (other users' too). */
  readonly rest: number;
  readonly machine: number;
}

/** Starts counting; `stop()` gives the cores each part used since (undefined without /proc). */
export function cpuWindow(replicaPids: readonly (number | undefined)[]): { stop(): CpuShare | undefined } {
  const started = performance.now();
  const ownStart = process.cpuUsage();
  const replicasAt = () => replicaPids.map(processCpuSeconds).reduce((a, b) => (a ?? 0) + (b ?? 0), 0);
  const replicasStart = replicasAt();
  const machineStart = machineBusySeconds();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      const machineEnd = machineBusySeconds();
      if (machineStart === undefined || machineEnd === undefined || replicasStart === undefined) return;
      const own = process.cpuUsage(ownStart);
      const client = (own.user + own.system) / 1e6 / seconds;
      const replicas = ((replicasAt() ?? 0) - replicasStart) / seconds;
      const machine = (machineEnd - machineStart) / seconds;
      return { replicas, client, rest: Math.max(0, machine - replicas - client), machine };
    },
  };
}

/** What held the throughput back, in words, from where the cores went. */
export function limitOf(cpu: CpuShare | undefined, cores: number, replicas: number, clients: number): string {
  if (cpu === undefined) return 'unknown (no /proc to read CPU time from)';
  const shares =
    `replicas ${cpu.replicas.toFixed(2)}, this client ${cpu.client.toFixed(2)}, ` +
    `nginx + Redis + the rest of the machine ${cpu.rest.toFixed(2)} cores`;
  if (cpu.machine >= 0.9 * cores)
    return `the machine's ${cores} cores, all busy (${cpu.machine.toFixed(2)} used: ${shares})`;
  if (cpu.client >= 0.9) return `the client: its one Node process is saturated (${shares})`;
  if (cpu.replicas >= 0.9 * replicas) return `the replicas' own CPU (${shares})`;
  return `not CPU (${cpu.machine.toFixed(2)} of ${cores} cores used: ${shares}): latency with ${clients} sessions in flight`;
}
