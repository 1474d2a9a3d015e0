import type { Timestamp } from 'bson';
import type { Query } from 'mingo';
import { CommandError } from '../command-error.js';
import type { Engine } from '../engine.js';
import type { Document } from '../storage/document-copy.js';
import { compileFilter, runPipeline } from '../storage/document-query.js';
import { bounded } from '../storage/evaluation-limit.js';
import { valuesEqual } from './update-description.js';
import { changeEventsFor, type ChangeStreamOptions, type ChangeStreamScope } from './change-event.js';
import { makeResumeToken, type ResumeToken, type TokenPosition } from './resume-token.js';

/** Where a stream starts: the first oplog sequence number to scan, and what to skip at a resume Timestamp. */
export type ChangeStreamStart = {
  seq: number;
  /** The Timestamp everything before `seq` is known to be at or below (for the first high-water mark). */
  scannedThrough: Timestamp;
  /** Skip events at this Timestamp up to and including this position (resuming after a token). */
  skipThrough?: { ts: Timestamp; position: TokenPosition };
  /** Entries older than this produce no events (a start point later than the newest write). */
  notBefore?: Timestamp;
};

export type ChangeBatch = {
  events: Document[];
  postBatchResumeToken: ResumeToken;
  /** True when the stream ended with an invalidate event: the cursor is closed. */
  invalidated: boolean;
  /** True when the scan reached the newest oplog entry. */
  caughtUp: boolean;
};

const POSITION_ORDER: Record<TokenPosition, number> = { event: 0, invalidate: 1, highWaterMark: 2 };
/** At most this many oplog entries per call, so one scan never blocks the server for long. */
const MAX_SCAN_PER_CALL = 20_000;

/**
 * A change stream's server-side cursor. It keeps its oplog position and only
 * ever scans forward from it. Its pipeline (the stages after $changeStream)
 * runs on each event; a stage that changes the resume token `_id` is refused,
 * as MongoDB refuses it.
 */
export class ChangeStreamCursor {
  readonly #engine: Engine;
  readonly #scope: ChangeStreamScope;
  readonly #options: ChangeStreamOptions;
  readonly #matchOnly: Query[] | undefined;
  readonly #pipeline: Document[];
  #seq: number;
  #scannedThrough: Timestamp;
  #skipThrough: ChangeStreamStart['skipThrough'];
  #notBefore: Timestamp | undefined;
  #invalidated = false;

  constructor(
    engine: Engine,
    scope: ChangeStreamScope,
    options: ChangeStreamOptions,
    start: ChangeStreamStart,
    pipeline: Document[],
  ) {
    this.#engine = engine;
    this.#scope = scope;
    this.#options = options;
    this.#pipeline = pipeline;
    this.#matchOnly = pipeline.every((stage) => Object.keys(stage)[0] === '$match')
      ? pipeline.map((stage) => compileFilter(stage.$match as Document))
      : undefined;
    this.#seq = start.seq;
    this.#scannedThrough = start.scannedThrough;
    this.#skipThrough = start.skipThrough;
    this.#notBefore = start.notBefore;
  }

  get invalidated(): boolean {
    return this.#invalidated;
  }

  /** Whether entries this cursor has not scanned yet exist. */
  get hasUnscanned(): boolean {
    return this.#seq < this.#engine.oplog.nextSeq;
  }

  /**
   * Scans forward and returns up to `limit` events (all events of one oplog
   * entry travel together) and about `maxBytes` at most, with a
   * postBatchResumeToken that sorts after every scanned event and before any
   * unscanned one.
   */
  next(limit: number, maxBytes: number): ChangeBatch {
    const { oplog } = this.#engine;
    if (this.#seq < oplog.firstSeq) {
      throw new CommandError(
        'ChangeStreamHistoryLost',
        'Resume of change stream was not possible, as the resume point may no longer be in the oplog',
      );
    }
    const events: Document[] = [];
    let bytes = 0;
    let scanned = 0;
    while (!this.#invalidated && events.length < limit && bytes < maxBytes && scanned < MAX_SCAN_PER_CALL) {
      const entry = oplog.entryAt(this.#seq);
      if (!entry) break;
      const early = this.#notBefore !== undefined && entry.ts.lessThan(this.#notBefore);
      for (const event of early ? [] : changeEventsFor(entry, this.#scope, this.#options, this.#engine)) {
        if (this.#skipped(entry.ts, event.position)) continue;
        if (event.position === 'invalidate') this.#invalidated = true;
        const output = this.#transform(event.doc);
        if (output) {
          events.push(output);
          bytes += event.size;
        }
      }
      this.#seq += 1;
      if (entry.ts.greaterThan(this.#scannedThrough)) this.#scannedThrough = entry.ts;
      scanned += 1;
      if (this.#skipThrough && !entry.ts.lessThan(this.#skipThrough.ts)) this.#skipThrough = undefined;
    }
    return {
      events,
      postBatchResumeToken: this.#postBatchResumeToken(events),
      invalidated: this.#invalidated,
      caughtUp: !this.hasUnscanned,
    };
  }

  #postBatchResumeToken(events: Document[]): ResumeToken {
    const last = events[events.length - 1];
    if (this.#invalidated && last) return last._id as ResumeToken;
    return makeResumeToken(this.#scannedThrough, 'highWaterMark');
  }

  #skipped(ts: Timestamp, position: TokenPosition): boolean {
    const skip = this.#skipThrough;
    return skip !== undefined && ts.equals(skip.ts) && POSITION_ORDER[position] <= POSITION_ORDER[skip.position];
  }

  #transform(event: Document): Document | undefined {
    const matchOnly = this.#matchOnly;
    if (matchOnly)
      return bounded(this.#pipeline, () => matchOnly.every((query) => query.test(event))) ? event : undefined;
    const [output] = runPipeline([event], this.#pipeline);
    if (output && !valuesEqual(output._id, event._id)) {
      throw new CommandError(
        'ChangeStreamFatalError',
        'Encountered an event whose _id field, which contains the resume token, was modified by the pipeline. Modifying the _id field of an event makes it impossible to resume the stream from that point.',
      );
    }
    return output;
  }
}
