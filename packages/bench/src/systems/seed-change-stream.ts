import { once } from 'node:events';
import type { Collection, Document } from 'mongodb';

/** The seed's pipeline (seed document, "Change Stream Pipeline"): inserts of documents with a `type`. */
export const SEED_PIPELINE: Document[] = [
  { $match: { operationType: 'insert', 'fullDocument.type': { $exists: true } } },
];

export interface SeedChangeStream {
  close(): Promise<void>;
}

/**
 * Watches `collection` as the seed does: one change stream, in emitter mode
 * (`on('change')`), each inserted document handed to `onInsert` in order.
 * Resolves once the server has answered the stream's first request (its
 * first resume token), so no insert after that is missed. `onError` gets a
 * stream failure; the baseline servers exit on it (no restart logic).
 */
export async function watchSeedInserts(
  collection: Collection<Document>,
  onInsert: (doc: Document) => void,
  onError: (error: unknown) => void,
): Promise<SeedChangeStream> {
  const stream = collection.watch(SEED_PIPELINE);
  stream.on('change', (change) => {
    if (change.operationType === 'insert') onInsert(change.fullDocument);
  });
  stream.on('error', onError);
  await once(stream, 'resumeTokenChanged');
  return { close: () => stream.close() };
}
