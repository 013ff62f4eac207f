// CPU and memory of a server process tree read from /proc: the process and its children (the cluster's
// workers), so the figures count every worker and the primary, and never the benchmark's client.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** The process and every live process whose parent it is. */
export function processTree(pid: number): number[] {
  const children = readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => stat(p)?.[1] === String(pid));
  return [pid, ...children];
}

/** CPU ms (user + system, all threads) of the process tree so far. */
export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    const f = stat(p);
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Resident memory (MB) and open file descriptors of each process of the tree. */
export function treeMemory(pid: number): { pid: number; rssMb: number; fds: number }[] {
  return processTree(pid).flatMap((p) => {
    try {
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1]);
      return [{ pid: p, rssMb: kb / 1024, fds: readdirSync(`/proc/${p}/fd`).length }];
    } catch {
      return [];
    }
  });
}
