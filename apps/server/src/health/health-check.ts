// health.status and the seed's /api/health: is MongoDB reachable, is it a
// replica set, and is the change stream watching when it should be.
import type { ChangeStreamStatus, HealthStatus } from '@livebell/shared';
import type { Db } from 'mongodb';

/** How long the health probe waits for MongoDB before reporting it down. */
const PROBE_TIMEOUT_MS = 2000;

export class HealthCheck {
  private readonly startedAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly nodeId: string,
    private readonly changeStreams: () => ChangeStreamStatus,
  ) {}

  changeStreamStatus(): ChangeStreamStatus {
    return this.changeStreams();
  }

  async status(): Promise<HealthStatus> {
    const mongo = await this.probe();
    const changeStreams = this.changeStreams();
    const status = !mongo.connected ? 'down' : changeStreams.enabled && !changeStreams.isWatching ? 'degraded' : 'ok';
    return {
      status,
      nodeId: this.nodeId,
      uptimeS: Math.round((Date.now() - this.startedAt) / 1000),
      mongo,
      changeStreams,
    };
  }

  private async probe(): Promise<HealthStatus['mongo']> {
    try {
      const hello = await this.db.admin().command({ hello: 1 }, { timeoutMS: PROBE_TIMEOUT_MS });
      return { connected: true, replicaSet: typeof hello.setName === 'string' ? hello.setName : null };
    } catch {
      return { connected: false, replicaSet: null };
    }
  }
}
