// The reader against a scripted stream in place of the driver's: what it
// keeps of what it has read, and what a stalled stream can still do once
// the reader has given up on it.
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { ChangeStreamDocument, Collection, Document } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeStreamReader } from '../../src/live-delivery/change-stream-reader.js';
import { FanOut } from '../../src/live-delivery/fan-out.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { collectGarbage } from '../support/garbage.js';
import { silentLogger } from '../support/silent-logger.js';
import { position } from '../support/stream-positions.js';

/** An event that moves the stream on without a change for anyone (an operation livebell does not deliver). */
function progressEvent(n: number): ChangeStreamDocument<Document> {
  return { _id: { _data: position(n) }, operationType: 'noop' } as unknown as ChangeStreamDocument<Document>;
}

/**
 * A stream that answers each read with the next scripted answer, one macrotask
 * later (as a getMore would), then with "nothing new" forever. An answer may
 * be a promise the test settles itself (a database that does not answer).
 */
class ScriptedStream {
  reads = 0;
  resumeToken: unknown = null;
  private readonly readWaiters: { reads: number; resolve: () => void }[] = [];

  constructor(private readonly answers: (ChangeStreamDocument<Document> | Promise<ChangeStreamDocument<Document>>)[]) {}

  async tryNext(): Promise<ChangeStreamDocument<Document> | null> {
    await nextMacrotask();
    this.reads += 1;
    for (const waiter of this.readWaiters.filter((w) => w.reads <= this.reads)) waiter.resolve();
    const answer = this.answers.shift();
    return answer === undefined ? null : await answer;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves once the stream has been asked `reads` times in all. */
  readsReached(reads: number): Promise<void> {
    if (this.reads >= reads) return Promise.resolve();
    return new Promise((resolve) => this.readWaiters.push({ reads, resolve }));
  }
}

/** A collection whose every `watch` opens the next scripted stream. */
function scriptedCollection(streams: ScriptedStream[]) {
  const opened: ScriptedStream[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const collection = {
    watch: () => {
      const stream = streams[opened.length];
      if (!stream) throw new Error('no more scripted streams');
      opened.push(stream);
      for (const waiter of waiters.filter((w) => w.count <= opened.length)) waiter.resolve();
      return stream;
    },
  } as unknown as Collection<Document>;
  const streamsOpened = (count: number) =>
    opened.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }));
  return { collection, streamsOpened };
}

function readerOver(collection: Collection<Document>, stallAfterMs = 60_000) {
  const fanOut = new FanOut({
    logger: silentLogger(),
    readCounts: () => Promise.reject(new Error('no subscriber here asks for a count')),
    windowSize: 16,
    subscriberLimitBytes: 1024 * 1024,
  });
  const reader = new ChangeStreamReader({
    collection,
    fanOut,
    logger: silentLogger(),
    metrics: createMetrics({ enabled: false }),
    backoff: { baseMs: 1, maxMs: 1 },
    stallAfterMs,
  });
  return { fanOut, reader };
}

const readers: ChangeStreamReader[] = [];
afterEach(async () => {
  for (const reader of readers.splice(0)) await reader.stop();
});

describe('ChangeStreamReader', () => {
  it('keeps nothing of the events it has applied while its stream stays open', async () => {
    const count = 200;
    const events = Array.from({ length: count }, (_, i) => progressEvent(i + 1));
    const collected = events.map((event) => new WeakRef(event));
    const stream = new ScriptedStream(events.splice(0));
    const { collection } = scriptedCollection([stream]);
    const { fanOut, reader } = readerOver(collection);
    readers.push(reader);

    await reader.start(null);
    // Two idle reads after the last event: every event has been applied and let go of.
    await stream.readsReached(count + 2);
    expect(fanOut.position).toBe(position(count));
    await nextMacrotask();
    collectGarbage();

    expect(reader.state).toBe('watching');
    expect(collected.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });

  it('reopens a stream the database stopped answering, and applies nothing the abandoned stream answers late', async () => {
    let answerLate: (event: ChangeStreamDocument<Document>) => void = () => undefined;
    const unanswered = new Promise<ChangeStreamDocument<Document>>((resolve) => (answerLate = resolve));
    const silent = new ScriptedStream([progressEvent(1), unanswered]);
    const reopened = new ScriptedStream([progressEvent(2)]);
    const { collection, streamsOpened } = scriptedCollection([silent, reopened]);
    const { fanOut, reader } = readerOver(collection, 50);
    readers.push(reader);

    await reader.start(null);
    await streamsOpened(2);
    await reopened.readsReached(3);
    expect(fanOut.position).toBe(position(2));
    expect(reader.status().restarts).toBe(1);

    answerLate(progressEvent(9));
    await reopened.readsReached(5);
    expect(fanOut.position).toBe(position(2));
    expect(reader.state).toBe('watching');
  });
});
