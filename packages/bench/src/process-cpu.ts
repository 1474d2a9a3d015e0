import { readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc reports CPU time in 1/100 s on every mainstream build. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * User plus system CPU seconds from a /proc/<pid>/stat line. The command
 * name (field 2) may hold spaces and parentheses, so fields are counted from
 * the last ')'; utime and stime are fields 14 and 15.
 */
export function cpuSecondsFromStat(stat: string): number {
  const end = stat.lastIndexOf(')');
  if (end === -1) throw new Error('not a /proc/<pid>/stat line');
  const fields = stat
    .slice(end + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so field N is fields[N - 3].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('no utime/stime in /proc/<pid>/stat');
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds a live process has used; NaN when it is gone or /proc is missing (not Linux). */
export async function processCpuSeconds(pid: number): Promise<number> {
  try {
    return cpuSecondsFromStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds the whole machine has spent busy (every core; user, nice,
 * system, irq, softirq, steal), from the first line of /proc/stat.
 */
export function machineBusySecondsFromStat(stat: string): number {
  const line = /^cpu\s+(.+)$/m.exec(stat)?.[1];
  if (line === undefined) throw new Error('no cpu line in /proc/stat');
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
}

/** NaN where /proc is missing (not Linux). */
export async function machineBusySeconds(): Promise<number> {
  try {
    return machineBusySecondsFromStat(await readFile('/proc/stat', 'utf8'));
  } catch {
    return Number.NaN;
  }
}
