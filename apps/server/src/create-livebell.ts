// livebell as a library: everything a node needs to serve notifications,
// wired once from a MongoDB database and an auth function. The standalone
// server (server.ts) is built from this factory; a host application mounts
// `router` under a key of its own tRPC router and adds `createContext` to its
// own context.
// How the parts fit: docs/architecture.md#the-parts
import type { ChangeStreamStatus, HealthStatus } from '@livebell/shared';
import { NOTIFICATIONS_COLLECTION, RESUME_TOKENS_COLLECTION } from '@livebell/shared/document';
import type { Db, MongoClient } from 'mongodb';
import type { Registry } from 'prom-client';
import type { AccessTokens } from './auth/access-tokens.js';
import type { LivebellAuth } from './auth/livebell-auth.js';
import { DEFAULT_LIMITS, DEFAULT_TUNING, defaultNodeId } from './config.js';
import { bootstrapDatabase } from './database/bootstrap.js';
import { HealthCheck } from './health/health-check.js';
import { LiveDelivery } from './live-delivery/live-delivery.js';
import { ResumeTokenStore, type ResumeTokenDocument } from './live-delivery/resume-token-store.js';
import { defaultLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { OperationsSampler } from './metrics/operations-sampler.js';
import { NotificationRepository } from './notifications/notification-repository.js';
import { livebellRouter, type LivebellRouter } from './routers/app-router.js';
import type { Services } from './services.js';
import { createLivebellContextFactory, type CreateLivebellContext } from './trpc/context.js';

/** Where the notifications live: a Db, or a connected client and a database name. */
export type LivebellDatabase = { db: Db } | { mongoClient: MongoClient; dbName?: string | undefined };

export type LivebellOptions = LivebellDatabase & {
  /** Who is calling, decided by the host application (see LivebellAuth). */
  auth: LivebellAuth;
  /** Defaults to JSON lines on stdout at level info. */
  logger?: Logger | undefined;
  /** Names this process in health and logs, and keys its saved stream position. Defaults to `host:pid`. */
  nodeId?: string | undefined;
  /** Watch the notifications (live delivery). Default true; off, subscriptions wait and nothing is delivered. */
  changeStreams?: boolean | undefined;
  /** Changes kept in memory for resuming subscribers. Default 10,000. */
  replayWindow?: number | undefined;
  /** Bytes one subscriber may have waiting before it is disconnected (it resumes). Default 1 MiB. */
  subscriberQueueBytes?: number | undefined;
  /** No answer from MongoDB for this long marks the stream stalled and restarts it. Default 10 s. */
  streamStallMs?: number | undefined;
  /** Open subscriptions one connection may hold. Default 10. */
  subscriptionsPerConnection?: number | undefined;
  /** Record Prometheus metrics in `registry` (serve it yourself). Default false. */
  metrics?: boolean | undefined;
  /** The standalone server's own token signer, for its dev sign-in. */
  tokens?: AccessTokens | undefined;
  /** Refuses the dev sign-in. Default: NODE_ENV is production. */
  production?: boolean | undefined;
};

export interface Livebell {
  /** Mount under a key of your router: `t.router({ ...yours, livebell: lb.router })`. */
  router: LivebellRouter;
  /**
   * livebell's part of your tRPC context; call it from your createContext
   * with what the adapter gave you: `{ ...yours, livebell: await lb.createContext(opts) }`.
   * Runs your auth function once per request or WebSocket connection.
   */
  createContext: CreateLivebellContext;
  /** Prepares the database (indexes, pre-images for deletes) and starts watching. Call once, before serving. */
  start(): Promise<void>;
  /** Ends every subscription and stops watching; saves the stream position. Does not close your MongoDB client. */
  stop(): Promise<void>;
  /** The change stream's state, as health.status reports it. */
  status(): ChangeStreamStatus;
  /** health.status: MongoDB, replica set, change stream. */
  health(): Promise<HealthStatus>;
  /** The Prometheus registry with livebell's metrics; null unless `metrics` is on. */
  registry: Registry | null;
  /** The parts the routers use, for the standalone server's HTTP layer. */
  services: Services;
}

export function createLivebell(options: LivebellOptions): Livebell {
  const db = 'db' in options ? options.db : options.mongoClient.db(options.dbName);
  const nodeId = options.nodeId ?? defaultNodeId();
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const logger = options.logger ?? defaultLogger(nodeId);
  const collection = db.collection(NOTIFICATIONS_COLLECTION);
  const notifications = new NotificationRepository(db.client, collection, logger);
  const metrics: Metrics = createMetrics({ enabled: options.metrics ?? false });
  const enabled = options.changeStreams ?? true;
  const liveDelivery = new LiveDelivery({
    enabled,
    db,
    collection,
    tokens: new ResumeTokenStore(db.collection<ResumeTokenDocument>(RESUME_TOKENS_COLLECTION), nodeId),
    readCounts: (userIds) => notifications.unreadCountsAt(userIds),
    logger,
    metrics,
    replayWindow: options.replayWindow ?? DEFAULT_TUNING.replayWindow,
    subscriberLimitBytes: options.subscriberQueueBytes ?? DEFAULT_TUNING.subscriberQueueBytes,
    stallAfterMs: options.streamStallMs ?? DEFAULT_TUNING.streamStallMs,
  });
  const health = new HealthCheck(db, nodeId, () => liveDelivery.status());
  const operations = new OperationsSampler({ metrics, nodeId, changeStreams: () => liveDelivery.status() });
  const services: Services = {
    production,
    logger,
    tokens: options.tokens ?? null,
    notifications,
    health,
    metrics,
    operations,
    liveDelivery,
  };

  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  const start = async () => {
    await bootstrapDatabase(db, logger);
    await liveDelivery.start();
    operations.start();
    logger.info({ nodeId, changeStreams: enabled }, 'livebell started');
  };
  const stop = async () => {
    health.markStopping();
    operations.stop();
    await liveDelivery.stop();
    logger.info('livebell stopped');
  };

  return {
    router: livebellRouter,
    createContext: createLivebellContextFactory({
      services,
      auth: options.auth,
      subscriptionsPerConnection: options.subscriptionsPerConnection ?? DEFAULT_LIMITS.subscriptionsPerConnection,
    }),
    start: () => (starting ??= start()),
    stop: () => (stopping ??= stop()),
    status: () => liveDelivery.status(),
    health: () => health.status(),
    registry: metrics.registry,
    services,
  };
}
