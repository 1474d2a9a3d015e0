// Preloaded into every server under test (`node --expose-gc --import
// memory-probe.js`), so all three systems are measured the same way: on
// request over the IPC channel, a full garbage collection, then
// process.memoryUsage(). It changes nothing else in the process.
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
});
