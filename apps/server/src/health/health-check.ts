// health.status and /api/health: is MongoDB reachable, is it a
// replica set, and is the change stream watching when it should be. Also the
// probes an orchestrator polls: live (the process serves) and ready (it
// should get traffic).
import type { ChangeStreamStatus, HealthStatus, LiveProbe, ReadyProbe } from '@livebell/shared';
import type { Db } from 'mongodb';

/** How long the health probe waits for MongoDB before reporting it down. */
const PROBE_TIMEOUT_MS = 2000;

export class HealthCheck {
  private readonly startedAt = Date.now();
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly nodeId: string,
    private readonly changeStreams: () => ChangeStreamStatus,
  ) {}

  changeStreamStatus(): ChangeStreamStatus {
    return this.changeStreams();
  }

  /** From now on the node reports not ready, so balancers send its traffic elsewhere. */
  markStopping(): void {
    this.stopping = true;
  }

  live(): LiveProbe {
    return { status: 'live', nodeId: this.nodeId };
  }

  /** Ready: not stopping, MongoDB answers, and enabled change streams are watching. */
  async ready(): Promise<ReadyProbe> {
    const reasons: string[] = [];
    if (this.stopping) reasons.push('stopping');
    else {
      const mongo = await this.probe();
      if (!mongo.connected) reasons.push('MongoDB is unreachable');
      const changeStreams = this.changeStreams();
      if (changeStreams.enabled && !changeStreams.isWatching) reasons.push('the change stream is not watching');
    }
    return { status: reasons.length === 0 ? 'ready' : 'not ready', nodeId: this.nodeId, reasons };
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
