import type { ChangeStream, ChangeStreamDocument, Document } from 'mongodb';

/** Streams in these tests wait 50 ms per empty getMore instead of MongoDB's default 1 s. */
export const FAST = { maxAwaitTimeMS: 50 };

/**
 * Opens the stream on the server (the driver opens it lazily) so that later
 * writes are seen. tryNext's one getMore waits maxAwaitTimeMS (1 s unless the
 * stream names less).
 */
export async function opened<T extends Document, E extends Document>(
  stream: ChangeStream<T, E>,
): Promise<ChangeStream<T, E>> {
  await stream.tryNext();
  return stream;
}

/** The next `count` events of `stream`, waiting for each. */
export async function take<T extends Document, E extends Document = ChangeStreamDocument<T>>(
  stream: ChangeStream<T, E>,
  count: number,
): Promise<E[]> {
  const events: E[] = [];
  while (events.length < count) events.push(await stream.next());
  return events;
}
