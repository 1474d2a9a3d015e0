// The orchestrator's side of the load generator: N worker processes, the
// users split between them, each client bound to a loopback source address.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IpcClient } from '../ipc-rpc.js';
import type { RunningProcess } from '@livebell/test-support';
import { spawnNodeProcess } from '../node-process.js';
import { sourceAddress } from '../source-address.js';
import type { SystemName } from '../systems/system-name.js';
import type { OpenResult, SettleResult, WorkerMethods, WorkerReport } from './worker-api.js';

type Worker = { process: RunningProcess; ipc: IpcClient<WorkerMethods>; clients: number };

export type FleetOpenResult = OpenResult & { workers: number };

export class LoadFleet {
  private readonly workerOfUser = new Map<string, number>();
  private clientCount = 0;

  private constructor(private readonly workers: Worker[]) {}

  /** Starts `count` worker processes (logs in `logDir`) and waits until each listens. */
  static async start(count: number, logDir: string): Promise<LoadFleet> {
    const script = fileURLToPath(new URL('./load-worker.js', import.meta.url));
    const workers = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const process = spawnNodeProcess({ script, logFile: join(logDir, `load-worker-${i}.log`) });
        const ipc = new IpcClient<WorkerMethods>(process.child, `load worker ${i}`);
        await ipc.nextEvent('ready');
        return { process, ipc, clients: 0 };
      }),
    );
    return new LoadFleet(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((worker) => worker.process.pid);
  }

  /** The worker whose client subscribes `userId`; undefined when none does. */
  workerOf(userId: string): number | undefined {
    return this.workerOfUser.get(userId);
  }

  /**
   * Opens one client per user, the users split into equal contiguous shares,
   * all workers at once; `elapsedMs` is the wall time of the whole batch.
   */
  async open(
    system: SystemName,
    url: string,
    jwtSecret: string,
    userIds: readonly string[],
    concurrencyPerWorker: number,
  ): Promise<FleetOpenResult> {
    const share = Math.ceil(userIds.length / this.workers.length);
    const started = performance.now();
    const results = await Promise.all(
      this.workers.map((worker, w) => {
        const users = userIds.slice(w * share, (w + 1) * share);
        const clients = users.map((userId) => {
          this.workerOfUser.set(userId, w);
          const spec = { userId, localAddress: sourceAddress(this.clientCount) };
          this.clientCount += 1;
          return spec;
        });
        worker.clients += clients.length;
        return worker.ipc.call('open', { system, url, jwtSecret, clients, concurrency: concurrencyPerWorker });
      }),
    );
    return {
      opened: results.reduce((sum, r) => sum + r.opened, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      elapsedMs: performance.now() - started,
      firstError: results.find((r) => r.firstError !== null)?.firstError ?? null,
      workers: this.workers.length,
    };
  }

  /** Waits until each worker has its expected deliveries, or they stopped coming for `quietMs`. */
  settle(expectedPerWorker: readonly number[], quietMs: number): Promise<SettleResult[]> {
    return Promise.all(
      this.workers.map((worker, w) => worker.ipc.call('settle', { expected: expectedPerWorker[w] ?? 0, quietMs })),
    );
  }

  reports(): Promise<WorkerReport[]> {
    return Promise.all(this.workers.map((worker) => worker.ipc.call('report', undefined)));
  }

  async resetLedgers(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.ipc.call('resetLedger', undefined)));
  }

  /** Closes every client, then stops the workers. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(async (worker) => {
        await worker.ipc.call('closeAll', undefined).catch(() => undefined);
        await worker.process.stop();
      }),
    );
  }
}
