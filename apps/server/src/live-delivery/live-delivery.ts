// Live delivery, one entry point: start, stop, status, subscribe. It owns
// the node's change stream (ChangeStreamReader), the fan-out to local
// subscribers with their exact unread counts (FanOut), the replay window,
// catch-up streams and the saved resume token. The notifications router
// calls `subscribe`; health calls `status`; the server calls start and stop.
// The whole path, MongoDB to the bell: docs/architecture.md#how-a-change-travels-from-mongodb-to-the-bell
import type { ChangeStreamStatus } from '@livebell/shared';
import type { Collection, Db, Document } from 'mongodb';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { BackoffOptions } from './backoff.js';
import { CatchUpStreams } from './catch-up-streams.js';
import { ChangeStreamReader } from './change-stream-reader.js';
import {
  eventSubscription,
  type EventSubscriptionDeps,
  type EventSubscriptionRequest,
  type TrackedEvent,
} from './event-subscription.js';
import { FanOut } from './fan-out.js';
import type { ResumeTokenStore } from './resume-token-store.js';
import { TokenSaver } from './token-saver.js';
import type { CountReader } from './unread-counts.js';

const NOT_A_REPLICA_SET = 'MongoDB is not running as a replica set';

export interface LiveDeliveryOptions {
  /** ENABLE_CHANGE_STREAMS: off, nothing is watched and subscriptions wait. */
  enabled: boolean;
  db: Db;
  collection: Collection<Document>;
  tokens: ResumeTokenStore;
  /** Exact unread counts with the cluster time they hold at; read once per newly subscribed user. */
  readCounts: CountReader;
  logger: Logger;
  /** Deliveries, lag, replays, restarts and subscribers are counted here. */
  metrics: Metrics;
  /** Changes kept for replay (LIVEBELL_REPLAY_WINDOW). */
  replayWindow: number;
  /** Bytes one subscriber may have waiting, its socket's buffer included (LIVEBELL_SUBSCRIBER_QUEUE). */
  subscriberLimitBytes: number;
  /** No answer from the database for this long marks the stream stalled (LIVEBELL_STREAM_STALL_MS). */
  stallAfterMs?: number | undefined;
  backoff?: BackoffOptions | undefined;
  /** The position is saved at most this often while it moves (and on stop). */
  saveIntervalMs?: number | undefined;
}

export type { EventSubscriptionRequest, TrackedEvent };

export class LiveDelivery {
  private readonly fanOut: FanOut;
  private readonly reader: ChangeStreamReader;
  private readonly catchUp: CatchUpStreams;
  private readonly subscriptionDeps: EventSubscriptionDeps;
  private saver: TokenSaver | null = null;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: LiveDeliveryOptions) {
    this.fanOut = new FanOut({
      logger: options.logger,
      readCounts: options.readCounts,
      windowSize: options.replayWindow,
      subscriberLimitBytes: options.subscriberLimitBytes,
    });
    this.reader = new ChangeStreamReader({
      collection: options.collection,
      fanOut: this.fanOut,
      logger: options.logger,
      metrics: options.metrics,
      backoff: options.backoff,
      stallAfterMs: options.stallAfterMs,
    });
    this.catchUp = new CatchUpStreams(options.collection, options.logger);
    // One for every subscription: an idle subscription holds nothing of its own for them.
    this.subscriptionDeps = {
      fanOut: this.fanOut,
      catchUp: this.catchUp,
      logger: options.logger,
      metrics: options.metrics,
    };
  }

  /** `/api/health/change-streams` and the `changeStreams` part of health.status. */
  status(): ChangeStreamStatus {
    return { enabled: this.options.enabled, ...this.reader.status() };
  }

  /**
   * Checks the deployment and opens the stream. Resolves once the stream has
   * answered for the first time (or failed once and is retrying in the
   * background), or at once when change streams are off or impossible here.
   */
  async start(): Promise<void> {
    const { logger, db, tokens } = this.options;
    if (!this.options.enabled) {
      logger.info('Change Streams are disabled (ENABLE_CHANGE_STREAMS is not true); not watching');
      return;
    }
    const hello = await db.admin().command({ hello: 1 });
    if (typeof hello.setName !== 'string') {
      this.reader.refuse(NOT_A_REPLICA_SET);
      logger.error(NOT_A_REPLICA_SET);
      return;
    }
    const saved = await tokens.load();
    if (saved) {
      logger.info(
        { token: saved.position, savedAt: saved.updatedAt.toISOString() },
        'Resuming change stream from saved resume token',
      );
    } else {
      logger.info('No saved resume token for this node; starting change stream from now');
    }
    const savedPosition = saved?.position ?? null;
    this.saver = new TokenSaver(
      tokens,
      () => ({ position: this.fanOut.position, lastEventAt: this.fanOut.lastEventAt }),
      logger,
      this.options.saveIntervalMs ?? 1000,
      savedPosition,
    );
    await this.reader.start(savedPosition);
    this.saver.start();
    logger.info({ watching: this.reader.state === 'watching' }, 'Change Streams service initialized');
  }

  /** Closes the stream, saves the position, and ends every subscription. */
  stop(): Promise<void> {
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  /** notifications.onEvent for one client: listen, replay, then live (see event-subscription.ts). */
  subscribe(request: EventSubscriptionRequest): AsyncGenerator<TrackedEvent, void, undefined> {
    return eventSubscription(this.subscriptionDeps, request);
  }

  private async stopOnce(): Promise<void> {
    const { logger } = this.options;
    await this.reader.stop();
    const saver = this.saver;
    if (saver) {
      await saver.stop();
      const position = this.fanOut.position;
      if (position === null || position === saver.savedPosition) {
        logger.info({ token: saver.savedPosition }, 'Change stream stopped; resume token saved');
      } else {
        logger.warn(
          { token: saver.savedPosition, unsaved: position },
          'Change stream stopped; the latest resume token could not be saved, the next start resumes from an older one',
        );
      }
    }
    this.fanOut.close();
  }
}
