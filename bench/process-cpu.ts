/**
 * CPU time of processes on this machine, read from `/proc/<pid>/stat` (user + system, in clock
 * ticks of 10 ms on Linux). Used by the benchmarks to say where the work of a request is spent.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/** CPU milliseconds used so far by `pid`, or 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces) start after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Pids of every process whose command name is `name` (e.g. `postgres`, `nats-server`). */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** A set of processes to meter: call `sample()` before and after a run. */
export class CpuMeter {
  constructor(private readonly processes: Record<string, () => number[]>) {}

  sample(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.processes).map(([name, pids]) => [name, pids().reduce((sum, pid) => sum + cpuMs(pid), 0)]));
  }

  /** CPU ms per operation for each process between two samples. */
  static perOperation(before: Record<string, number>, after: Record<string, number>, operations: number): Record<string, number> {
    const out: Record<string, number> = {};
    let total = 0;
    for (const [name, ms] of Object.entries(after)) {
      const per = (ms - (before[name] ?? 0)) / operations;
      out[name] = Math.round(per * 1000) / 1000;
      total += per;
    }
    out['total'] = Math.round(total * 1000) / 1000;
    return out;
  }
}
