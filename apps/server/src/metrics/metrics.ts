// The node's Prometheus metrics: one registry per server (never prom-client's
// global one, so two nodes in one process never mix their numbers) and a
// small typed API, so that every caller records what happened in one line.
// Labels take values from closed sets only: no user id ever becomes a label.
import type { NotificationEvent } from '@livebell/shared';
import { AUTH_REFUSALS, type AuthRefusal } from '../auth/access-tokens.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a client is connected. */
export type Transport = 'websocket' | 'sse';

/** What kind of event was handed to a subscriber's socket. */
export type DeliveredKind = NotificationEvent['kind'];

/** How a resuming subscriber was brought up to date. */
export type ReplaySource = 'window' | 'catch-up' | 'resync';

/** Why a caller was refused as unauthenticated: a token's refusal, or no token within the deadline. */
export type AuthFailureReason = AuthRefusal | 'auth deadline';
const AUTH_FAILURE_REASONS: readonly AuthFailureReason[] = [...AUTH_REFUSALS, 'auth deadline'];

/** Which limit refused a connection or call. */
export type RejectedLimit = (typeof REJECTED_LIMITS)[number];
export const REJECTED_LIMITS = [
  'connections_per_user',
  'subscriptions_per_connection',
  'calls_per_message',
  'calls_per_batch',
  'message_size',
] as const;

const TRANSPORTS: readonly Transport[] = ['websocket', 'sse'];
const DELIVERED_KINDS: readonly DeliveredKind[] = ['created', 'updated', 'deleted', 'resync'];
const REPLAY_SOURCES: readonly ReplaySource[] = ['window', 'catch-up', 'resync'];

/**
 * Delivery-lag buckets in seconds: a healthy node delivers in milliseconds,
 * a node under a burst in up to a second or two; beyond 10 s something is stuck.
 */
const DELIVERY_LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  /** The Prometheus registry to expose; null when metrics are turned off. */
  readonly registry: Registry | null;
  connectionOpened(transport: Transport): void;
  connectionClosed(transport: Transport): void;
  subscriberOpened(transport: Transport): void;
  subscriberClosed(transport: Transport): void;
  /**
   * An event was handed to a subscriber's socket. `committedAtMs`: when its
   * change was committed (ms since the epoch), observed as delivery lag; null
   * for events that are not live (resyncs, replays).
   */
  delivered(kind: DeliveredKind, committedAtMs: number | null): void;
  /** The change stream read up to a position committed at `clusterTimeMs` (a change, or an idle batch's position). */
  changeRead(clusterTimeMs: number): void;
  changeStreamRestarted(): void;
  replayed(source: ReplaySource): void;
  slowSubscriberDisconnected(): void;
  authFailed(reason: AuthFailureReason): void;
  rejected(limit: RejectedLimit): void;
  /** The numbers the operations page samples; null when metrics are turned off. */
  snapshot(): Promise<MetricsSnapshot | null>;
}

export interface MetricsSnapshot {
  subscribers: number;
  connections: number;
  /** Events delivered since start, all kinds. */
  delivered: number;
  /** The delivery-lag histogram since start: cumulative counts by upper bound, ending with +Inf. */
  lagBuckets: LagBucket[];
  /** Null before the stream read its first change. */
  changeStreamLagSeconds: number | null;
}

export interface LagBucket {
  le: number;
  count: number;
}

/** Every metric livebell defines, by name; the dashboard and the tests refer to these. */
export const METRIC_NAMES = [
  'livebell_subscribers',
  'livebell_connections',
  'livebell_events_delivered_total',
  'livebell_delivery_lag_seconds',
  'livebell_change_stream_lag_seconds',
  'livebell_change_stream_restarts_total',
  'livebell_replays_total',
  'livebell_slow_subscriber_disconnects_total',
  'livebell_auth_failures_total',
  'livebell_rejected_total',
] as const;

export function createMetrics(options: { enabled: boolean; now?: () => number }): Metrics {
  return options.enabled ? new PrometheusMetrics(options.now ?? Date.now) : disabledMetrics;
}

/** What the server records when metrics are turned off: nothing, at no cost. */
const disabledMetrics: Metrics = {
  registry: null,
  connectionOpened: () => undefined,
  connectionClosed: () => undefined,
  subscriberOpened: () => undefined,
  subscriberClosed: () => undefined,
  delivered: () => undefined,
  changeRead: () => undefined,
  changeStreamRestarted: () => undefined,
  replayed: () => undefined,
  slowSubscriberDisconnected: () => undefined,
  authFailed: () => undefined,
  rejected: () => undefined,
  snapshot: () => Promise.resolve(null),
};

class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  /** Cluster time (epoch ms) of the last change the stream read; null before the first. */
  private lastChangeAt: number | null = null;

  private readonly subscribers = new Gauge({
    name: 'livebell_subscribers',
    help: 'Open notifications.onEvent subscriptions on this node.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  private readonly connections = new Gauge({
    name: 'livebell_connections',
    help: 'Open client connections on this node.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  private readonly deliveredTotal = new Counter({
    name: 'livebell_events_delivered_total',
    help: 'Events handed to subscribers sockets.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly deliveryLag = new Histogram({
    name: 'livebell_delivery_lag_seconds',
    help: "From a change's cluster time to its event handed to the subscriber's socket.",
    buckets: DELIVERY_LAG_BUCKETS,
    registers: [this.registry],
  });

  private readonly restarts = new Counter({
    name: 'livebell_change_stream_restarts_total',
    help: "Restarts of this node's change stream after an error.",
    registers: [this.registry],
  });

  private readonly replays = new Counter({
    name: 'livebell_replays_total',
    help: 'Resuming subscribers brought up to date, by how: window, catch-up stream or resync.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly slowDisconnects = new Counter({
    name: 'livebell_slow_subscriber_disconnects_total',
    help: 'Subscribers disconnected because they did not keep up with their events.',
    registers: [this.registry],
  });

  private readonly authFailures = new Counter({
    name: 'livebell_auth_failures_total',
    help: 'Calls and connections refused as unauthenticated, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly rejections = new Counter({
    name: 'livebell_rejected_total',
    help: 'Connections and calls refused by a limit, by limit.',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor(private readonly now: () => number) {
    const lastChangeAt = () => this.lastChangeAt;
    // Computed at scrape time, so it grows while the stream reads nothing.
    new Gauge({
      name: 'livebell_change_stream_lag_seconds',
      help: 'Now minus the cluster time of the last change the change stream read.',
      registers: [this.registry],
      collect() {
        const at = lastChangeAt();
        if (at !== null) this.set(Math.max(0, now() - at) / 1000);
      },
    });
    collectDefaultMetrics({ register: this.registry });
    // Every series of a closed label set exists from the start at zero, so
    // rate() and absent() see it before its first event.
    for (const transport of TRANSPORTS) {
      this.subscribers.set({ transport }, 0);
      this.connections.set({ transport }, 0);
    }
    for (const kind of DELIVERED_KINDS) this.deliveredTotal.inc({ kind }, 0);
    for (const source of REPLAY_SOURCES) this.replays.inc({ source }, 0);
    for (const reason of AUTH_FAILURE_REASONS) this.authFailures.inc({ reason }, 0);
    for (const limit of REJECTED_LIMITS) this.rejections.inc({ limit }, 0);
  }

  connectionOpened(transport: Transport): void {
    this.connections.inc({ transport });
  }

  connectionClosed(transport: Transport): void {
    this.connections.dec({ transport });
  }

  subscriberOpened(transport: Transport): void {
    this.subscribers.inc({ transport });
  }

  subscriberClosed(transport: Transport): void {
    this.subscribers.dec({ transport });
  }

  delivered(kind: DeliveredKind, committedAtMs: number | null): void {
    this.deliveredTotal.inc({ kind });
    if (committedAtMs !== null) this.deliveryLag.observe(Math.max(0, this.now() - committedAtMs) / 1000);
  }

  changeRead(clusterTimeMs: number): void {
    this.lastChangeAt = clusterTimeMs;
  }

  changeStreamRestarted(): void {
    this.restarts.inc();
  }

  replayed(source: ReplaySource): void {
    this.replays.inc({ source });
  }

  slowSubscriberDisconnected(): void {
    this.slowDisconnects.inc();
  }

  authFailed(reason: AuthFailureReason): void {
    this.authFailures.inc({ reason });
  }

  rejected(limit: RejectedLimit): void {
    this.rejections.inc({ limit });
  }

  async snapshot(): Promise<MetricsSnapshot> {
    const [subscribers, connections, delivered, lag] = await Promise.all([
      this.subscribers.get(),
      this.connections.get(),
      this.deliveredTotal.get(),
      this.deliveryLag.get(),
    ]);
    const sum = (values: readonly { value: number }[]) => values.reduce((total, { value }) => total + value, 0);
    const lagBuckets = lag.values
      .filter((sample) => sample.metricName === 'livebell_delivery_lag_seconds_bucket')
      .map((sample) => ({ le: bucketBound(sample.labels.le), count: sample.value }));
    return {
      subscribers: sum(subscribers.values),
      connections: sum(connections.values),
      delivered: sum(delivered.values),
      lagBuckets,
      changeStreamLagSeconds: this.lastChangeAt === null ? null : Math.max(0, this.now() - this.lastChangeAt) / 1000,
    };
  }
}

function bucketBound(le: string | number | undefined): number {
  return le === '+Inf' || le === undefined ? Number.POSITIVE_INFINITY : Number(le);
}
