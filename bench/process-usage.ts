// CPU time of processes on this machine, read from /proc, so a bench can say
// what a unit of work costs each process whatever else the machine is running.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds per named group of processes between `start()` and `stop()`. */
export function cpuMeter(groups: () => Promise<Record<string, number[]>> | Record<string, number[]>) {
  let before = new Map<number, number>();
  let names: Record<string, number[]> = {};
  return {
    async start() {
      names = await groups();
      before = new Map(Object.values(names).flat().map((pid) => [pid, cpuSeconds(pid)]));
    },
    /** Processes that appeared meanwhile (a new database connection) count from zero. */
    async stop(): Promise<Record<string, number>> {
      const now = await groups();
      const used: Record<string, number> = {};
      for (const [name, pids] of Object.entries({ ...names, ...now })) {
        used[name] = [...new Set([...(names[name] ?? []), ...(now[name] ?? [])])].reduce((sum, pid) => sum + Math.max(0, cpuSeconds(pid) - (before.get(pid) ?? 0)), 0);
      }
      return used;
    },
  };
}
