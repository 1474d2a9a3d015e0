// The seed's change-stream service: one change stream per process on
// `notifications`, behind the ENABLE_CHANGE_STREAMS flag, only on a replica
// set; its position persisted per node so a restarted server resumes where
// it stopped; restarted on error with capped exponential backoff and jitter;
// its status reported to health. Every event goes to the hub, in order.
import type { ChangeStreamStatus } from '@livebell/shared';
import { MongoServerError, type ChangeStreamOptions, type Collection, type Db, type Document } from 'mongodb';
import { inputPosition, type NotificationHub } from '../hub/notification-hub.js';
import { positionOf, resumeTokenOf } from '../hub/position.js';
import type { Logger } from '../logger.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { NOTIFICATION_STREAM_OPTIONS, notificationPipeline, toHubInputs } from './notification-change-event.js';
import type { ResumeTokenStore } from './resume-token-store.js';

export const NOT_A_REPLICA_SET = 'MongoDB is not running as a replica set';

/**
 * How long an idle getMore waits for changes (new changes end the wait at
 * once). Bounds how stale the idle position is, and how long start-up waits
 * for the stream's first answer; an idle node sends four getMores a second.
 */
const IDLE_AWAIT_MS = 250;

/** While no change flows, the position is saved at most this often. */
const IDLE_SAVE_INTERVAL_MS = 60_000;

/** How long closing a stream may take before it is abandoned (the server is gone). */
const CLOSE_DEADLINE_MS = 1000;

/** MongoDB's ChangeStreamHistoryLost: the resume point fell off the oplog. */
const CHANGE_STREAM_HISTORY_LOST = 286;

export interface ChangeStreamServiceOptions {
  enabled: boolean;
  db: Db;
  collection: Collection<Document>;
  hub: NotificationHub;
  tokens: ResumeTokenStore;
  logger: Logger;
  backoff?: BackoffOptions;
  /** The position is saved at most this often while it moves (and on stop). */
  saveIntervalMs?: number;
}

/** How the next stream opens relative to the hub. */
type Origin =
  /** Continue after the hub's position: nothing was missed. */
  | { kind: 'continue' }
  /** First start, from this node's saved token or from now. */
  | { kind: 'initial'; resumeFrom: string | null }
  /** Continuity is lost (history lost, collection dropped): start over, clients resync. */
  | { kind: 'restart'; startAfter: string | null };

export class ChangeStreamService {
  private watching = false;
  private restarts = 0;
  private lastError: string | null = null;
  private stopping = false;
  private running: Promise<void> | null = null;
  private closeStream: (() => Promise<void>) | null = null;
  private wakeFromBackoff: (() => void) | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;
  private savedPosition: string | null = null;
  /** When the last successful save began (ms since epoch); 0 before the first. */
  private savedAt = 0;
  private origin: Origin = { kind: 'initial', resumeFrom: null };

  constructor(private readonly options: ChangeStreamServiceOptions) {}

  status(): ChangeStreamStatus {
    return {
      enabled: this.options.enabled,
      isWatching: this.watching,
      lastEventAt: this.options.hub.lastEventAt?.toISOString() ?? null,
      restarts: this.restarts,
      lastError: this.lastError,
    };
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
      this.lastError = NOT_A_REPLICA_SET;
      logger.error(NOT_A_REPLICA_SET);
      return;
    }
    const saved = await tokens.load();
    if (saved) {
      logger.info(
        { token: saved.position, savedAt: saved.updatedAt.toISOString() },
        'Resuming change stream from saved resume token',
      );
      this.savedPosition = saved.position;
    } else {
      logger.info('No saved resume token for this node; starting change stream from now');
    }
    this.origin = { kind: 'initial', resumeFrom: saved?.position ?? null };
    const firstAnswer = new Promise<void>((resolve) => {
      this.running = this.run(resolve);
    });
    await firstAnswer;
    this.saveTimer = setInterval(() => void this.saveIfMoved(), this.options.saveIntervalMs ?? 1000);
    this.saveTimer.unref();
    logger.info({ watching: this.watching }, 'Change Streams service initialized');
  }

  /** Closes the stream, lets the hub finish what was read, and saves the position. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.saveTimer) clearInterval(this.saveTimer);
    this.wakeFromBackoff?.();
    await this.closeStream?.();
    // A getMore in flight when the server vanished may be retrying server selection; do not wait for it.
    if (this.running) await withDeadline(this.running, CLOSE_DEADLINE_MS);
    // The hub may be retrying an unread count against a database that is gone.
    await withDeadline(this.options.hub.idle(), CLOSE_DEADLINE_MS);
    await this.saving;
    await this.saveIfMoved(true);
    if (!this.running) return;
    const position = this.options.hub.position;
    if (position === null || position === this.savedPosition) {
      this.options.logger.info({ token: this.savedPosition }, 'Change stream stopped; resume token saved');
    } else {
      this.options.logger.warn(
        { token: this.savedPosition, unsaved: position },
        'Change stream stopped; the latest resume token could not be saved, the next start resumes from an older one',
      );
    }
  }

  private async run(onFirstAnswer: () => void): Promise<void> {
    const { logger } = this.options;
    let attempt = 0;
    while (!this.stopping) {
      try {
        await this.watch(() => {
          attempt = 0;
          onFirstAnswer();
        });
      } catch (error) {
        this.watching = false;
        if (this.stopping) break;
        this.lastError = describe(error);
        this.restarts += 1;
        const delayMs = backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF);
        attempt += 1;
        logger.warn(
          { err: error, delayMs, restarts: this.restarts },
          'Change stream failed; restarting it after a delay',
        );
        onFirstAnswer();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wakeFromBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeFromBackoff = null;
        if (!this.stopping) logger.info({ restarts: this.restarts }, 'Restarting change stream');
      }
    }
    onFirstAnswer();
  }

  /** One stream's life: returns when stopping or when it must reopen; throws on failure. */
  private async watch(onOpen: () => void): Promise<void> {
    const { collection, hub, logger } = this.options;
    const origin = this.origin;
    const streamOptions: ChangeStreamOptions = { ...NOTIFICATION_STREAM_OPTIONS, maxAwaitTimeMS: IDLE_AWAIT_MS };
    const resumeFrom = origin.kind === 'continue' ? hub.position : origin.kind === 'initial' ? origin.resumeFrom : null;
    if (resumeFrom !== null) streamOptions.resumeAfter = resumeTokenOf(resumeFrom);
    if (origin.kind === 'restart' && origin.startAfter !== null)
      streamOptions.startAfter = resumeTokenOf(origin.startAfter);

    const stream = collection.watch(notificationPipeline(), streamOptions);
    // Closing asks the server to kill the cursor; with the server gone that could wait for server selection.
    this.closeStream = () => withDeadline(stream.close(), CLOSE_DEADLINE_MS);
    let opened = false;
    let lastPushed: string | null = null;
    try {
      while (!this.stopping) {
        let event;
        try {
          event = await stream.tryNext();
        } catch (error) {
          if (!opened && resumeFrom !== null && isHistoryLost(error)) {
            logger.warn(
              { token: resumeFrom },
              'Resume token is too old (ChangeStreamHistoryLost); starting from now and asking every client to resync',
            );
            this.origin = { kind: 'restart', startAfter: null };
            return;
          }
          throw error;
        }
        if (this.stopping) return;
        const inputs = event ? toHubInputs(event, logger) : [];
        const last = inputs.at(-1);
        const position = last ? inputPosition(last) : positionOf(stream.resumeToken);
        if (!opened) {
          opened = true;
          this.watching = true;
          this.lastError = null;
          logger.info(
            { resumeAfter: resumeFrom, startAfter: origin.kind === 'restart' ? origin.startAfter : null },
            'Change stream started',
          );
          if (origin.kind !== 'continue') {
            // The window is complete from where this stream starts.
            const start = resumeFrom ?? (origin.kind === 'restart' ? origin.startAfter : null) ?? position;
            if (start !== null) {
              await hub.push({ type: 'begin', position: start, resync: origin.kind === 'restart' });
              this.origin = { kind: 'continue' };
            }
          }
          onOpen();
        }
        if (this.origin.kind !== 'continue' && position !== null) {
          // Started from now and the first answer carried no position: the first one that does starts the window.
          await hub.push({ type: 'begin', position, resync: origin.kind === 'restart' });
          this.origin = { kind: 'continue' };
        }
        if (event?.operationType === 'invalidate') {
          logger.warn(
            'The notifications collection was dropped or renamed; reopening the change stream; clients will resync',
          );
          this.origin = { kind: 'restart', startAfter: position };
          return;
        }
        if (inputs.length > 0) {
          for (const input of inputs) await hub.push(input);
          lastPushed = position;
        } else if (position !== null && position !== lastPushed) {
          await hub.push({ type: 'advance', position });
          lastPushed = position;
        }
      }
    } finally {
      this.watching = false;
      this.closeStream = null;
      await withDeadline(stream.close(), CLOSE_DEADLINE_MS);
    }
  }

  /**
   * Saves the hub's position when it moved; at most one save at a time. Called
   * every saveIntervalMs: while changes flow that is the cadence; while idle
   * (the position moves only with other collections' writes, including the
   * other nodes' token saves) once per IDLE_SAVE_INTERVAL_MS is enough to keep
   * the token inside the oplog. `force` (stop) saves any move at once.
   */
  private async saveIfMoved(force = false): Promise<void> {
    const { hub } = this.options;
    const position = hub.position;
    if (this.saving || position === null || position === this.savedPosition) return;
    const changesSinceSave = hub.lastEventAt !== null && hub.lastEventAt.getTime() >= this.savedAt;
    if (!force && !changesSinceSave && Date.now() - this.savedAt < IDLE_SAVE_INTERVAL_MS) return;
    const startedAt = Date.now();
    const save = this.options.tokens
      .save(position, hub.lastEventAt ?? new Date())
      .then(() => {
        this.savedPosition = position;
        this.savedAt = startedAt;
        this.options.logger.debug({ token: position }, 'Saved resume token');
      })
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'Saving the resume token failed; will retry');
      })
      .finally(() => {
        this.saving = null;
      });
    this.saving = save;
    await save;
  }
}

/** Waits for `promise` at most `ms`; its failure is of no interest (closing). */
async function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function isHistoryLost(error: unknown): boolean {
  return (
    error instanceof MongoServerError &&
    (error.code === CHANGE_STREAM_HISTORY_LOST || error.codeName === 'ChangeStreamHistoryLost')
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
