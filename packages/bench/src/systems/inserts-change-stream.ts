import { once } from 'node:events';
import type { Collection, Document } from 'mongodb';

/** The Socket.IO design's pipeline: inserts of documents with a `type`, nothing else. */
export const INSERTS_PIPELINE: Document[] = [
  { $match: { operationType: 'insert', 'fullDocument.type': { $exists: true } } },
];

export interface InsertsChangeStream {
  close(): Promise<void>;
}

/**
 * Watches `collection` as the Socket.IO design does: one change stream, in emitter mode
 * (`on('change')`), each inserted document handed to `onInsert` in order.
 * Resolves once the server has answered the stream's first request (its
 * first resume token), so no insert after that is missed. `onError` gets a
 * stream failure; the baseline servers exit on it (no restart logic).
 */
export async function watchInserts(
  collection: Collection<Document>,
  onInsert: (doc: Document) => void,
  onError: (error: unknown) => void,
): Promise<InsertsChangeStream> {
  const stream = collection.watch(INSERTS_PIPELINE);
  stream.on('change', (change) => {
    if (change.operationType === 'insert') onInsert(change.fullDocument);
  });
  stream.on('error', onError);
  await once(stream, 'resumeTokenChanged');
  return { close: () => stream.close() };
}
