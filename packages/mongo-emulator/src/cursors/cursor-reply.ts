import { calculateObjectSize, Long } from 'bson';
import type { ServerContext } from '../commands/command.js';
import type { Document } from '../storage/document-copy.js';
import { DocumentCursor } from './document-cursor.js';

/** MongoDB's first-batch size when the client names none. */
export const DEFAULT_FIRST_BATCH = 101;
/** Documents per reply at most, by BSON bytes: MongoDB's 16 MiB, less room for the reply around them. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

/**
 * The reply of a command that returns a cursor over `docs`: the first batch,
 * and a cursor id for the rest (0 when nothing is left or `singleBatch`).
 */
export function documentCursorReply(
  server: ServerContext,
  ns: string,
  docs: Document[],
  options: {
    batchSize?: number;
    singleBatch?: boolean;
    /**
     * The documents were built for this reply (an aggregation's output), so
     * nobody asks for them again: their sizes are not cached (a WeakMap entry
     * per document costs more than it saves, and the collector pays for it).
     */
    built?: boolean;
  },
): Document {
  const cursor = new DocumentCursor(docs, options.built ? (doc) => calculateObjectSize(doc) : undefined);
  const firstBatch = cursor.next(options.batchSize ?? DEFAULT_FIRST_BATCH, MAX_BATCH_BYTES);
  const id = cursor.exhausted || options.singleBatch ? 0 : server.cursors.open(ns, cursor).id;
  return { cursor: { firstBatch, id: Long.fromNumber(id), ns } };
}
