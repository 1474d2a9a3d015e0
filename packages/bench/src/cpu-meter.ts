import { machineBusySeconds, processCpuSeconds } from './process-cpu.js';

export type CpuPids = { server: number; database: number | null; load: readonly number[] };

/**
 * CPU seconds each part used over a window, and the window's wall time.
 * `otherS` is what the rest of the machine used meanwhile (the machine's busy
 * time less the benchmark's processes): other work that competed for the
 * same cores, so a large value marks a noisy measurement.
 */
export type CpuUse = {
  serverS: number;
  databaseS: number;
  loadS: number;
  benchS: number;
  otherS: number;
  wallS: number;
};

type Sample = { server: number; database: number; load: number; bench: number; machine: number; at: number };

async function sample(pids: CpuPids): Promise<Sample> {
  const [machine, server, database, ...load] = await Promise.all([
    machineBusySeconds(),
    processCpuSeconds(pids.server),
    pids.database === null ? Promise.resolve(Number.NaN) : processCpuSeconds(pids.database),
    ...pids.load.map((pid) => processCpuSeconds(pid)),
  ]);
  const own = process.cpuUsage();
  return {
    server: server ?? Number.NaN,
    database: database ?? Number.NaN,
    load: load.reduce((a, b) => a + b, 0),
    bench: (own.user + own.system) / 1e6,
    machine: machine ?? Number.NaN,
    at: performance.now(),
  };
}

/** Starts measuring; the returned function ends the window (from /proc: 10 ms resolution, Linux only). */
export async function startCpuMeter(pids: CpuPids): Promise<() => Promise<CpuUse>> {
  const before = await sample(pids);
  return async () => {
    const after = await sample(pids);
    const used = (key: keyof Sample) => after[key] - before[key];
    const ours =
      used('server') + (Number.isNaN(used('database')) ? 0 : used('database')) + used('load') + used('bench');
    return {
      serverS: used('server'),
      databaseS: used('database'),
      loadS: used('load'),
      benchS: used('bench'),
      otherS: Math.max(0, used('machine') - ours),
      wallS: used('at') / 1000,
    };
  };
}
