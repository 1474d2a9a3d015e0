// A short-lived change stream for one user, resumed after the client's last
// event id, for a gap older than the node's replay window. Resume tokens
// belong to the replica set, so this works for ids minted by any node.
import { compareStreamPositions, type StreamPosition } from '@livebell/shared';
import type { Collection, Document } from 'mongodb';
import { errorMessage } from '../error-message.js';
import type { Logger } from '../logger.js';
import { NOTIFICATION_STREAM_OPTIONS, notificationPipeline, toStreamInputs, userMatch } from './change-event.js';
import type { PositionedChange } from './notification-change.js';
import { positionOf, resumeTokenOf } from './stream-position.js';

/** Replays, from the database, a user's changes the window no longer holds. */
export interface CatchUpSource {
  /**
   * The user's changes after `after`, oldest first, at least up to `until`
   * (it may yield later ones too). Throws CatchUpUnavailable when it cannot:
   * history lost, a token the server cannot parse, or past its bounds.
   */
  changes(
    userId: string,
    after: StreamPosition,
    until: StreamPosition,
    signal: AbortSignal,
  ): AsyncIterable<PositionedChange>;
}

/** The client must reload: its position cannot be replayed. */
export class CatchUpUnavailable extends Error {
  override readonly name = 'CatchUpUnavailable';
}

export interface CatchUpLimits {
  /** Past this many changes for the user, the client resyncs instead (a reload is cheaper). */
  maxChanges: number;
  /** Past this long, the client resyncs instead. */
  maxMs: number;
  /** Catch-up streams open at once on this node; others wait their turn (within maxMs). */
  maxConcurrent: number;
}

const DEFAULT_CATCH_UP_LIMITS: CatchUpLimits = { maxChanges: 10_000, maxMs: 15_000, maxConcurrent: 16 };

/** How long one getMore may wait for new events; short, because the target position is in the past. */
const CATCH_UP_AWAIT_MS = 100;

export class CatchUpStreams implements CatchUpSource {
  private open = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly collection: Collection<Document>,
    private readonly logger: Logger,
    private readonly limits: CatchUpLimits = DEFAULT_CATCH_UP_LIMITS,
  ) {}

  async *changes(
    userId: string,
    after: StreamPosition,
    until: StreamPosition,
    signal: AbortSignal,
  ): AsyncGenerator<PositionedChange> {
    const deadline = Date.now() + this.limits.maxMs;
    if (!(await this.acquire(signal, deadline))) {
      if (signal.aborted) return;
      throw new CatchUpUnavailable('too many catch-up streams are open');
    }
    const stream = this.collection.watch(notificationPipeline(userMatch(userId)), {
      ...NOTIFICATION_STREAM_OPTIONS,
      resumeAfter: resumeTokenOf(after),
      maxAwaitTimeMS: CATCH_UP_AWAIT_MS,
    });
    let yielded = 0;
    try {
      for (;;) {
        if (signal.aborted) return;
        if (Date.now() > deadline) throw new CatchUpUnavailable(`catch-up took longer than ${this.limits.maxMs} ms`);
        let event;
        try {
          event = await stream.tryNext();
        } catch (error) {
          if (signal.aborted) return;
          throw new CatchUpUnavailable(`catch-up stream failed: ${errorMessage(error)}`);
        }
        if (event) {
          for (const input of toStreamInputs(event, this.logger)) {
            // A moved notification is a change for two users; this stream replays one.
            if (input.type !== 'change' || input.entry.userId !== userId) continue;
            yielded += 1;
            if (yielded > this.limits.maxChanges) {
              throw new CatchUpUnavailable(`more than ${this.limits.maxChanges} changes to replay`);
            }
            yield input.entry;
          }
        }
        const reached = positionOf(stream.resumeToken);
        if (reached !== null && compareStreamPositions(reached, until) >= 0) return;
      }
    } finally {
      this.release();
      await stream.close().catch((error: unknown) => {
        this.logger.debug({ err: error }, 'Closing a catch-up stream failed');
      });
    }
  }

  private async acquire(signal: AbortSignal, deadline: number): Promise<boolean> {
    while (this.open >= this.limits.maxConcurrent) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal.aborted) return false;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          const index = this.queue.indexOf(done);
          if (index !== -1) this.queue.splice(index, 1);
          resolve();
        };
        const timer = setTimeout(done, remaining);
        signal.addEventListener('abort', done, { once: true });
        this.queue.push(done);
      });
    }
    this.open += 1;
    return true;
  }

  private release(): void {
    this.open -= 1;
    this.queue.shift()?.();
  }
}
