import type { Collection, Document } from 'mongodb';

export type PacedInserts = {
  inserted: number;
  /** From the first insert's start to the last one's acknowledgement. */
  elapsedMs: number;
  /** How far the inserts fell behind their schedule at worst (the database or this process too slow). */
  maxLagMs: number;
};

/**
 * Inserts `count` documents, one `insertOne` each, at `ratePerSecond`, open
 * loop: each starts on schedule whether or not earlier ones were acknowledged,
 * with at most `maxInFlight` outstanding. `makeDoc(seq)` is called just
 * before its insert, so a timestamp taken inside it is the insert time.
 */
export async function paceInserts(
  collection: Collection<Document>,
  count: number,
  ratePerSecond: number,
  makeDoc: (seq: number) => Document,
  maxInFlight = 1000,
): Promise<PacedInserts> {
  const intervalMs = 1000 / ratePerSecond;
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  let maxLagMs = 0;
  for (let seq = 0; seq < count; seq += 1) {
    const due = started + seq * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const insert = collection.insertOne(makeDoc(seq)).finally(() => inFlight.delete(insert));
    inFlight.add(insert);
  }
  await Promise.all(inFlight);
  return { inserted: count, elapsedMs: performance.now() - started, maxLagMs };
}
