// Start-up preparation of the database: indexes, the resume-token TTL, and
// pre-images for deletes. Safe to run from many nodes at once and on every start.
import { NOTIFICATIONS_COLLECTION, RESUME_TOKENS_COLLECTION } from '@livebell/shared/document';
import { MongoServerError, type Db } from 'mongodb';
import type { Logger } from '../logger.js';

/**
 * A node's saved resume token is deleted this long after its last update.
 * A node that stays down longer starts from now when it returns, and its
 * clients resync; the oplog rarely reaches back this far anyway.
 */
export const RESUME_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

const NAMESPACE_EXISTS = 48;

export async function bootstrapDatabase(db: Db, logger: Logger): Promise<void> {
  const existing = await db.listCollections({ name: NOTIFICATIONS_COLLECTION }, { nameOnly: true }).toArray();
  if (existing.length === 0) {
    try {
      await db.createCollection(NOTIFICATIONS_COLLECTION);
    } catch (error) {
      // Another node created it first.
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }
  const notifications = db.collection(NOTIFICATIONS_COLLECTION);
  await notifications.createIndexes([
    // list(): one user's notifications, newest first, paged by _id.
    { key: { userId: 1, _id: -1 }, name: 'userId_1__id_-1' },
    // One user's unread ones, archived or not (the unread index below starts with the same keys).
    { key: { userId: 1, readAt: 1 }, name: 'userId_1_readAt_1' },
    // The list's views: equality on every field a view matches, then _id, so
    // each page is read in order off the index (limit + 1 keys), never sorted
    // in memory. The inbox view (archivedAt null):
    { key: { userId: 1, archivedAt: 1, _id: -1 }, name: 'userId_1_archivedAt_1__id_-1' },
    // the unread view (readAt and archivedAt null), and the badge's count:
    { key: { userId: 1, readAt: 1, archivedAt: 1, _id: -1 }, name: 'userId_1_readAt_1_archivedAt_1__id_-1' },
    // a type filter on the inbox view (on the unread view, readAt is checked on the documents it reads):
    { key: { userId: 1, type: 1, archivedAt: 1, _id: -1 }, name: 'userId_1_type_1_archivedAt_1__id_-1' },
    // the archived view, with or without a type: archived dates differ, so
    // archivedAt cannot be an equality key; a partial index holds only the
    // archived documents instead.
    {
      key: { userId: 1, _id: -1, type: 1 },
      name: 'archived_userId_1__id_-1_type_1',
      partialFilterExpression: { archivedAt: { $type: 'date' } },
    },
  ]);
  try {
    await db
      .collection(RESUME_TOKENS_COLLECTION)
      .createIndex({ updatedAt: 1 }, { name: 'updatedAt_ttl', expireAfterSeconds: RESUME_TOKEN_TTL_SECONDS });
  } catch (error) {
    // An operator changed the TTL by hand: keep theirs.
    logger.warn({ err: error }, 'Could not create the resume-token TTL index; keeping the existing one');
  }
  try {
    await db.command({ collMod: NOTIFICATIONS_COLLECTION, changeStreamPreAndPostImages: { enabled: true } });
  } catch (error) {
    logger.warn(
      { err: error },
      'Could not enable changeStreamPreAndPostImages on notifications (permissions or MongoDB < 6.0): ' +
        'deletes will then reach only the tabs that can route them, other tabs see them after a reload',
    );
  }
}
