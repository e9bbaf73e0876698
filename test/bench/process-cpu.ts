/**
 * CPU time of other processes, from Linux's /proc (the bench's proxy processes and the PostgreSQL
 * server): on a machine with fewer cores than processes, throughput only shows them taking turns,
 * while CPU per recharge says what each part costs and so how many of it a deployment needs.
 */
import { readdirSync, readFileSync } from 'node:fs';

// Linux reports utime/stime in clock ticks; 100 per second on every architecture Node runs on.
const TICKS_PER_SECOND = 100;

interface ProcessStat {
  parent: number;
  /** Its own CPU, and its waited-for children's, in seconds. */
  own: number;
  reapedChildren: number;
}

function stat(pid: number): ProcessStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const tick = (index: number) => Number(fields[index]) / TICKS_PER_SECOND;
  return { parent: Number(fields[1]), own: tick(11) + tick(12), reapedChildren: tick(13) + tick(14) };
}

/** CPU seconds one process has used so far (0 once it is gone). */
export function processCpuSeconds(pid: number): number {
  return stat(pid)?.own ?? 0;
}

/**
 * CPU seconds a process and all its descendants have used so far: PostgreSQL's postmaster, its
 * live backends, and (through the postmaster's reaped-children counts) the backends already gone.
 */
export function processTreeCpuSeconds(root: number): number {
  const stats = new Map<number, ProcessStat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const found = stat(pid);
    if (found) stats.set(pid, found);
  }
  const rootStat = stats.get(root);
  if (!rootStat) return 0;
  let total = rootStat.own + rootStat.reapedChildren;
  const inTree = new Set([root]);
  // Parents have lower pids only until pids wrap: repeat until no new descendant is found.
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, { parent, own }] of stats) {
      if (inTree.has(pid) || !inTree.has(parent)) continue;
      inTree.add(pid);
      total += own;
      grew = true;
    }
  }
  return total;
}
