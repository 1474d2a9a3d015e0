// Samples this node's metrics every few seconds and keeps the last minutes,
// for the operations page (admin.operations). Rates and lag quantiles are
// computed over each interval, from the differences of cumulative counters.
import type { ChangeStreamStatus, Operations, OperationsSample } from '@livebell/shared';
import { bucketsBetween, histogramQuantile } from './histogram-quantile.js';
import type { Metrics, MetricsSnapshot } from './metrics.js';

/** Seconds between samples: fine enough to see a burst, cheap enough to be free. */
export const SAMPLE_INTERVAL_SECONDS = 2;

/** Samples kept: ten minutes. */
const SAMPLES_KEPT = 300;

export class OperationsSampler {
  private readonly samples: OperationsSample[] = [];
  private previous: { atMs: number; snapshot: MetricsSnapshot } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: {
      metrics: Metrics;
      nodeId: string;
      changeStreams: () => ChangeStreamStatus;
      now?: () => number;
    },
  ) {}

  private get metrics(): Metrics {
    return this.options.metrics;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** admin.operations: the samples of the last minutes and the stream's state now. */
  report(): Operations {
    return {
      nodeId: this.options.nodeId,
      metricsEnabled: this.metrics.registry !== null,
      intervalSeconds: SAMPLE_INTERVAL_SECONDS,
      samples: [...this.samples],
      changeStreams: this.options.changeStreams(),
    };
  }

  start(): void {
    if (this.timer !== null || this.metrics.registry === null) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Takes one sample now (the timer calls it; tests may too). */
  async sample(): Promise<void> {
    const snapshot = await this.metrics.snapshot();
    if (snapshot === null) return;
    const atMs = this.now();
    const previous = this.previous;
    this.previous = { atMs, snapshot };
    if (previous === null) return;
    const seconds = Math.max((atMs - previous.atMs) / 1000, 0.001);
    const lagBuckets = bucketsBetween(previous.snapshot.lagBuckets, snapshot.lagBuckets);
    this.samples.push({
      at: new Date(atMs).toISOString(),
      subscribers: snapshot.subscribers,
      connections: snapshot.connections,
      deliveriesPerSecond: Math.max(0, snapshot.delivered - previous.snapshot.delivered) / seconds,
      deliveryLagP50: histogramQuantile(0.5, lagBuckets),
      deliveryLagP99: histogramQuantile(0.99, lagBuckets),
      changeStreamLagSeconds: snapshot.changeStreamLagSeconds,
    });
    if (this.samples.length > SAMPLES_KEPT) this.samples.shift();
  }
}
