// Reads the node's one change stream on `notifications` and applies every
// event to the fan-out, in order. Its life is one named state:
//
//   stopped -> starting -> watching -> (stalled | backoff) -> starting -> ...
//                                   -> stopping -> stopped
//
// `watching` is claimed only while the database answers: a watchdog trips
// the stream into `stalled` when no getMore has answered for `stallAfterMs`
// (far above the idle getMore's wait, so only silence trips it), and the
// stream reopens after a backoff, resuming after the last applied position,
// so a silent database loses nothing.
//
// A stalled stream is abandoned, not interrupted: its read loop may stay
// suspended on a read the silent database never answers, and applies nothing
// once abandoned. The watchdog is raced against the read loop once per
// stream, never per read: a race per read against a promise that stays
// pending leaves a reaction on it per read, and each reaction keeps the
// event it was raced for (every event the stream ever read, until it closed).
import type { ChangeStreamStatus, StreamPosition } from '@livebell/shared';
import {
  MongoServerError,
  type ChangeStream,
  type ChangeStreamDocument,
  type ChangeStreamOptions,
  type Collection,
  type Document,
} from 'mongodb';
import { errorMessage } from '../error-message.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { inputPosition, NOTIFICATION_STREAM_OPTIONS, notificationPipeline, toStreamInputs } from './change-event.js';
import type { FanOut } from './fan-out.js';
import { streamStart, type StreamOrigin, type StreamStart } from './stream-start.js';
import { clusterTimeMsOf, positionOf, resumeTokenOf } from './stream-position.js';

export type ReaderState = 'stopped' | 'starting' | 'watching' | 'stalled' | 'backoff' | 'stopping';

/**
 * How long an idle getMore waits for changes (new changes end the wait at
 * once). Bounds how stale the idle position is, and how long start-up waits
 * for the stream's first answer; an idle node sends four getMores a second.
 */
const IDLE_AWAIT_MS = 250;

/** The default watchdog: no answer for this long means the database went silent (well within 20 s). */
const DEFAULT_STALL_AFTER_MS = 10_000;

/** How long closing a stream may take before it is abandoned (the server is gone). */
const CLOSE_DEADLINE_MS = 1000;

/** MongoDB's ChangeStreamHistoryLost: the resume point fell off the oplog. */
const CHANGE_STREAM_HISTORY_LOST = 286;

export interface ChangeStreamReaderOptions {
  collection: Collection<Document>;
  fanOut: FanOut;
  logger: Logger;
  metrics: Metrics;
  backoff?: BackoffOptions | undefined;
  /** No answer from the database for this long marks the stream stalled and reopens it. */
  stallAfterMs?: number | undefined;
}

/** The watchdog's verdict: the database stopped answering. */
class StreamStalled extends Error {
  override readonly name = 'StreamStalled';
}

export class ChangeStreamReader {
  private current: ReaderState = 'stopped';
  private restarts = 0;
  private lastError: string | null = null;
  private running: Promise<void> | null = null;
  private origin: StreamOrigin = { kind: 'initial', savedPosition: null };
  private wakeFromBackoff: (() => void) | null = null;
  /** Gives up on the open stream (stall or stop), whatever its read loop awaits; null while none is open. */
  private abandon: ((error: Error) => void) | null = null;
  private lastAnswerAtMs = 0;
  private watchdog: NodeJS.Timeout | null = null;
  private readonly stallAfterMs: number;

  constructor(private readonly options: ChangeStreamReaderOptions) {
    this.stallAfterMs = options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  }

  get state(): ReaderState {
    return this.current;
  }

  /** The change-stream fields of health and `/api/health/change-streams`; `enabled` is the caller's. */
  status(): Omit<ChangeStreamStatus, 'enabled'> {
    return {
      isWatching: this.current === 'watching',
      lastEventAt: this.options.fanOut.lastEventAt?.toISOString() ?? null,
      restarts: this.restarts,
      lastError: this.lastError,
    };
  }

  /** Records why the stream cannot run at all (not a replica set); the state stays `stopped`. */
  refuse(reason: string): void {
    this.lastError = reason;
  }

  /**
   * Opens the stream from `savedPosition` (null: from now) and keeps it open.
   * Resolves once it has answered for the first time, or failed once and is
   * retrying in the background.
   */
  async start(savedPosition: StreamPosition | null): Promise<void> {
    if (this.current !== 'stopped') return;
    this.origin = { kind: 'initial', savedPosition };
    this.current = 'starting';
    await new Promise<void>((resolve) => {
      this.running = this.run(resolve);
    });
    const interval = Math.max(100, Math.min(1000, Math.floor(this.stallAfterMs / 4)));
    this.watchdog = setInterval(() => this.checkStall(), interval);
    this.watchdog.unref();
  }

  /** Closes the stream; resolves once nothing more will be applied. */
  async stop(): Promise<void> {
    if (this.current === 'stopped' || this.current === 'stopping') return;
    this.current = 'stopping';
    if (this.watchdog) clearInterval(this.watchdog);
    this.wakeFromBackoff?.();
    this.abandon?.(new Error('stopping'));
    // A getMore in flight when the server vanished may be retrying server selection; do not wait for it.
    if (this.running) await withDeadline(this.running, CLOSE_DEADLINE_MS);
    this.current = 'stopped';
  }

  /** Read through a method: `stop()` changes the state while `run` awaits. */
  private isStopping(): boolean {
    return this.current === 'stopping';
  }

  private checkStall(): void {
    if (this.current !== 'watching' && this.current !== 'starting') return;
    if (this.abandon === null || Date.now() - this.lastAnswerAtMs <= this.stallAfterMs) return;
    const seconds = Math.round(this.stallAfterMs / 100) / 10;
    this.abandon(new StreamStalled(`MongoDB has not answered the change stream for ${seconds} s`));
  }

  private async run(onFirstAnswer: () => void): Promise<void> {
    const { logger } = this.options;
    let attempt = 0;
    while (!this.isStopping()) {
      try {
        this.current = 'starting';
        await this.watch(() => {
          attempt = 0;
          onFirstAnswer();
        });
      } catch (error) {
        if (this.isStopping()) break;
        const stalled = error instanceof StreamStalled;
        this.current = stalled ? 'stalled' : 'backoff';
        this.lastError = errorMessage(error);
        this.restarts += 1;
        this.options.metrics.changeStreamRestarted();
        const delayMs = backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF);
        attempt += 1;
        logger.warn(
          { err: error, delayMs, restarts: this.restarts, state: this.current },
          stalled
            ? 'Change stream stalled; reopening it after a delay'
            : 'Change stream failed; restarting it after a delay',
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
        if (!this.isStopping()) logger.info({ restarts: this.restarts }, 'Restarting change stream');
      }
    }
    onFirstAnswer();
  }

  /** One stream's life: returns when stopping or when it must reopen; throws on failure or stall. */
  private async watch(onOpen: () => void): Promise<void> {
    const { collection, fanOut } = this.options;
    const start = streamStart(this.origin, fanOut.position);
    const streamOptions: ChangeStreamOptions = { ...NOTIFICATION_STREAM_OPTIONS, maxAwaitTimeMS: IDLE_AWAIT_MS };
    if (start.resumeAfter !== null) streamOptions.resumeAfter = resumeTokenOf(start.resumeAfter);
    if (start.startAfter !== null) streamOptions.startAfter = resumeTokenOf(start.startAfter);

    const stream = collection.watch(notificationPipeline(), streamOptions);
    const open: OpenStream = { stream, start, abandoned: false };
    const abandoned = new Promise<never>((_, reject) => {
      this.abandon = (error) => {
        open.abandoned = true;
        reject(error);
      };
    });
    const reading = this.read(open, onOpen);
    // An abandoned read loop may still fail later; that is expected, not unhandled.
    reading.catch(() => undefined);
    this.lastAnswerAtMs = Date.now();
    try {
      await Promise.race([reading, abandoned]);
    } finally {
      this.abandon = null;
      await withDeadline(stream.close(), CLOSE_DEADLINE_MS);
    }
  }

  /** Reads `open` and applies what it reads until it is abandoned or must reopen; one await per read. */
  private async read(open: OpenStream, onOpen: () => void): Promise<void> {
    const { fanOut, logger } = this.options;
    const { stream, start } = open;
    let opened = false;
    let windowStarted = !start.resetsWindow;
    let lastApplied: StreamPosition | null = null;
    for (;;) {
      let event: ChangeStreamDocument<Document> | null;
      try {
        event = await stream.tryNext();
      } catch (error) {
        if (!opened && start.resumeAfter !== null && isHistoryLost(error)) {
          logger.warn(
            { token: start.resumeAfter },
            'Resume token is too old (ChangeStreamHistoryLost); starting from now and asking every client to resync',
          );
          this.origin = { kind: 'restart', position: null };
          return;
        }
        throw error;
      }
      if (open.abandoned) return;
      this.lastAnswerAtMs = Date.now();
      const inputs = event ? toStreamInputs(event, logger) : [];
      const last = inputs.at(-1);
      const position = last ? inputPosition(last) : positionOf(stream.resumeToken);
      if (position !== null) this.options.metrics.changeRead(clusterTimeMsOf(position));
      if (!opened) {
        opened = true;
        this.current = 'watching';
        this.lastError = null;
        logger.info({ resumeAfter: start.resumeAfter, startAfter: start.startAfter }, 'Change stream started');
        onOpen();
      }
      if (!windowStarted) {
        // The window is complete from where this stream starts; from now, its first position.
        const windowStart = start.windowStart ?? position;
        if (windowStart !== null) {
          fanOut.apply({ type: 'begin', position: windowStart, resync: start.resync });
          windowStarted = true;
          this.origin = { kind: 'continue' };
        }
      }
      if (event?.operationType === 'invalidate') {
        logger.warn(
          'The notifications collection was dropped or renamed; reopening the change stream; clients will resync',
        );
        this.origin = { kind: 'restart', position };
        return;
      }
      if (inputs.length > 0) {
        for (const input of inputs) fanOut.apply(input);
        lastApplied = position;
      } else if (position !== null && position !== lastApplied) {
        fanOut.apply({ type: 'advance', position });
        lastApplied = position;
      }
    }
  }
}

/** A stream being read, and whether the reader has given up on it (a read that settles after that applies nothing). */
interface OpenStream {
  stream: ChangeStream<Document>;
  start: StreamStart;
  abandoned: boolean;
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
