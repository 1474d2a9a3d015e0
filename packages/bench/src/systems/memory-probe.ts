// Preloaded into every server under test (`node --expose-gc --import
// memory-probe.js`), so all three systems are measured the same way: on
// request over the IPC channel, a full garbage collection, then
// process.memoryUsage(); a heap snapshot; the garbage collector's pauses
// since the last such request; or a sampled allocation profile. It changes
// nothing else in the process.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { serveIpcRequests } from '../ipc-rpc.js';

export type MemorySample = {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
};

/** Stop-the-world GC pauses in a window: scavenges (young generation) and the rest (mark-compact and its steps). */
export type GcPauses = { scavenges: number; scavengeMs: number; others: number; otherMs: number; longestMs: number };

export interface ProbeMethods {
  memory(): MemorySample;
  /** Writes a heap snapshot (it collects garbage first) to `file`; blocks the server meanwhile. */
  heapSnapshot(params: { file: string }): string;
  /** The pauses since the previous call (or the start); starts a new window. */
  gcPauses(): GcPauses;
  /** Starts sampling allocations, those collected since included (V8's sampling heap profiler). */
  startAllocationSampling(params: { intervalBytes: number }): Promise<void>;
  /** Stops sampling and writes the profile (a `.heapprofile`) to `file`. */
  stopAllocationSampling(params: { file: string }): Promise<string>;
}

let inspector: Session | null = null;

function post(method: string, params?: object): Promise<unknown> {
  if (!inspector) {
    inspector = new Session();
    inspector.connect();
  }
  const session = inspector;
  return new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const emptyWindow = (): GcPauses => ({ scavenges: 0, scavengeMs: 0, others: 0, otherMs: 0, longestMs: 0 });
let pauses = emptyWindow();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    // Node puts the GC kind in `detail`, which its PerformanceEntry type does not declare.
    const { kind } = ((entry as { detail?: unknown }).detail ?? {}) as { kind?: number };
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
      pauses.scavenges += 1;
      pauses.scavengeMs += entry.duration;
    } else {
      pauses.others += 1;
      pauses.otherMs += entry.duration;
    }
    pauses.longestMs = Math.max(pauses.longestMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

serveIpcRequests<ProbeMethods>({
  memory() {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    return {
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      heapTotalBytes: usage.heapTotal,
      externalBytes: usage.external,
      arrayBuffersBytes: usage.arrayBuffers,
    };
  },
  heapSnapshot({ file }) {
    return writeHeapSnapshot(file);
  },
  gcPauses() {
    const window = pauses;
    pauses = emptyWindow();
    return window;
  },
  async startAllocationSampling({ intervalBytes }) {
    await post('HeapProfiler.startSampling', {
      samplingInterval: intervalBytes,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  },
  async stopAllocationSampling({ file }) {
    const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    return file;
  },
});
