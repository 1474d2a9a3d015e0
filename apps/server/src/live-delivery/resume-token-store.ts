// One document per node in `changeStreamResumeTokens`: `_id` is
// NODE_ID, so nodes sharing a database never overwrite each other's position.
// A TTL index on `updatedAt` (see database/bootstrap.ts) removes the tokens of
// nodes that stopped for good.
import type { Collection } from 'mongodb';
import type { StreamPosition } from '@livebell/shared';
import { resumeTokenOf } from './stream-position.js';

export interface ResumeTokenDocument {
  _id: string;
  token: { _data: string };
  lastProcessedAt: Date;
  updatedAt: Date;
}

/** A save that cannot reach MongoDB in this time fails (and is retried later, or reported at stop). */
const SAVE_TIMEOUT_MS = 2000;

export class ResumeTokenStore {
  constructor(
    private readonly collection: Collection<ResumeTokenDocument>,
    private readonly nodeId: string,
  ) {}

  /** This node's saved position, or null when it has none (or it is unreadable). */
  async load(): Promise<{ position: StreamPosition; updatedAt: Date } | null> {
    const doc = await this.collection.findOne({ _id: this.nodeId });
    const data: unknown = doc?.token._data;
    if (!doc || typeof data !== 'string' || data === '') return null;
    return { position: data, updatedAt: doc.updatedAt };
  }

  async save(position: StreamPosition, lastProcessedAt: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: this.nodeId },
      { $set: { token: resumeTokenOf(position), lastProcessedAt, updatedAt: new Date() } },
      { upsert: true, timeoutMS: SAVE_TIMEOUT_MS },
    );
  }
}
