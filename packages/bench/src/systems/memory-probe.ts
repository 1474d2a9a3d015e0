// Preloaded into every server under test (`node --expose-gc --import
// memory-probe.js`), so all three systems are measured the same way: on
// request over the IPC channel, a full garbage collection, then
// process.memoryUsage(), or a heap snapshot. It changes nothing else in the
// process.
import { writeHeapSnapshot } from 'node:v8';
import { serveIpcRequests } from '../ipc-rpc.js';

export type MemorySample = {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
};

export interface ProbeMethods {
  memory(): MemorySample;
  /** Writes a heap snapshot (it collects garbage first) to `file`; blocks the server meanwhile. */
  heapSnapshot(params: { file: string }): string;
}

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
});
