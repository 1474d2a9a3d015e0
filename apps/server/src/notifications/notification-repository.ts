// Every query the API makes on `notifications`, always scoped to one user:
// the user id comes from the verified token, never from the client's input,
// so nobody can list or change another user's notifications.
import type { InboxView, ListPage, NotificationContent } from '@livebell/shared';
import { countsAsUnread, notificationDocumentSchema, toNotification, UNREAD_FILTER } from '@livebell/shared/document';
import { ObjectId, type Collection, type Document, type MongoClient } from 'mongodb';
import type { CountRead } from '../live-delivery/unread-counts.js';
import { clusterTimeKey } from '../live-delivery/stream-position.js';
import type { Logger } from '../logger.js';

export interface ListQuery {
  cursor?: string | null | undefined;
  limit: number;
  view: InboxView;
  type?: string | undefined;
}

/** Documents per reply of a count read: large, so one reply holds them all in the usual case. */
const COUNT_READ_BATCH = 100_000;

/**
 * What each view matches. Each has an index whose keys are these fields with
 * equality (or the index's partial filter) and then `_id`, so a page is read
 * in `_id` order straight off the index (see the database bootstrap).
 * `$type: 'date'` rather than "not null": a partial index accepts it, and an
 * `archivedAt` that is neither a date nor null fails the schema anyway.
 */
const VIEW_FILTERS: Record<InboxView, Document> = {
  inbox: { archivedAt: null },
  unread: UNREAD_FILTER,
  archived: { archivedAt: { $type: 'date' } },
};

export interface CountResult {
  found: boolean;
  unreadCount: number;
}

export class NotificationRepository {
  constructor(
    private readonly client: MongoClient,
    private readonly collection: Collection<Document>,
    private readonly logger: Logger,
  ) {}

  /**
   * Newest first. A stored document that fails the schema is logged and left
   * out; paging still moves past it, so a page may hold fewer than `limit`.
   */
  async list(userId: string, query: ListQuery): Promise<ListPage> {
    const filter: Document = { userId, ...VIEW_FILTERS[query.view] };
    if (query.type !== undefined) filter.type = query.type;
    if (query.cursor) filter._id = { $lt: new ObjectId(query.cursor) };
    const docs = await this.collection
      .find(filter)
      .sort({ _id: -1 })
      .limit(query.limit + 1)
      .toArray();
    const page = docs.slice(0, query.limit);
    const items = [];
    for (const doc of page) {
      const parsed = notificationDocumentSchema.safeParse(doc);
      if (parsed.success) items.push(toNotification(parsed.data));
      else
        this.logger.warn({ id: String(doc._id), issues: parsed.error.issues }, 'Skipped invalid notification document');
    }
    const last = page.at(-1);
    const nextCursor = docs.length > query.limit && last?._id instanceof ObjectId ? last._id.toHexString() : null;
    return { items, nextCursor };
  }

  /**
   * The user's unread count: the notifications the list shows (valid) that
   * are unread and not archived (`countsAsUnread`), so badge and list agree.
   */
  async unreadCount(userId: string): Promise<number> {
    let count = 0;
    for await (const doc of this.collection.find({ userId, ...UNREAD_FILTER })) if (countsAsUnread(doc)) count += 1;
    return count;
  }

  /**
   * The unread counts of many users in one read (absent from the answer: 0),
   * with the cluster time they are exact at: the operationTime of the read's
   * first reply, which holds every one of these users' unread notifications
   * when they fit in one reply (16 MB). Majority read concern: the snapshot
   * has no holes, so a change at or before that time is in the counts and a
   * later one is not.
   */
  async unreadCountsAt(userIds: readonly string[]): Promise<CountRead> {
    const counts = new Map<string, number>();
    const session = this.client.startSession({ causalConsistency: true });
    try {
      const cursor = this.collection.find(
        { userId: { $in: [...userIds] }, ...UNREAD_FILTER },
        { session, batchSize: COUNT_READ_BATCH, readConcern: { level: 'majority' } },
      );
      // The first reply fixes the time.
      await cursor.hasNext();
      const operationTime = session.operationTime;
      for await (const doc of cursor) {
        if (!countsAsUnread(doc)) continue;
        const userId = doc.userId as string;
        counts.set(userId, (counts.get(userId) ?? 0) + 1);
      }
      return { counts, time: operationTime ? clusterTimeKey(operationTime) : '' };
    } finally {
      await session.endSession();
    }
  }

  /** Marking read keeps an existing `readAt`, so repeating it changes nothing. */
  markRead(userId: string, id: string, read: boolean): Promise<CountResult> {
    return this.stamp(userId, id, 'readAt', read);
  }

  /**
   * Reads the inbox: every unread notification the badge counts. Archived
   * ones stay as they are, unread, and count again once restored.
   */
  async markAllRead(userId: string): Promise<{ updated: number; unreadCount: number }> {
    const result = await this.collection.updateMany({ userId, ...UNREAD_FILTER }, { $set: { readAt: new Date() } });
    return { updated: result.modifiedCount, unreadCount: await this.unreadCount(userId) };
  }

  /** Archiving keeps an existing `archivedAt`, so repeating it changes nothing; restoring clears it. */
  archive(userId: string, id: string, archived: boolean): Promise<CountResult> {
    return this.stamp(userId, id, 'archivedAt', archived);
  }

  /** Clears the inbox of what has been read: every read notification in it is archived. */
  async archiveAllRead(userId: string): Promise<{ updated: number; unreadCount: number }> {
    const result = await this.collection.updateMany(
      { userId, archivedAt: null, readAt: { $type: 'date' } },
      { $set: { archivedAt: new Date() } },
    );
    return { updated: result.modifiedCount, unreadCount: await this.unreadCount(userId) };
  }

  async remove(userId: string, id: string): Promise<CountResult> {
    const result = await this.collection.deleteOne({ _id: new ObjectId(id), userId });
    return { found: result.deletedCount > 0, unreadCount: await this.unreadCount(userId) };
  }

  /**
   * Sets `field` to now (`on`), keeping a date it already holds, or clears it.
   * Found: the user's notification `id` exists, whether or not it changed.
   */
  private async stamp(userId: string, id: string, field: 'readAt' | 'archivedAt', on: boolean): Promise<CountResult> {
    const _id = new ObjectId(id);
    let found: boolean;
    if (on) {
      const result = await this.collection.updateOne({ _id, userId, [field]: null }, { $set: { [field]: new Date() } });
      found = result.matchedCount > 0 || (await this.collection.countDocuments({ _id, userId }, { limit: 1 })) > 0;
    } else {
      const result = await this.collection.updateOne({ _id, userId }, { $set: { [field]: null } });
      found = result.matchedCount > 0;
    }
    return { found, unreadCount: await this.unreadCount(userId) };
  }

  /** One document per distinct user, in one ordered bulk insert. */
  async send(userIds: readonly string[], content: NotificationContent): Promise<number> {
    const createdAt = new Date();
    const docs = [...new Set(userIds)].map((userId) => newNotificationDocument(userId, content, createdAt));
    const result = await this.collection.insertMany(docs, { ordered: true });
    return result.insertedCount;
  }
}

/**
 * The document livebell itself writes (admin.send, `pnpm notify`): optional
 * fields are left out rather than stored as null, so it passes the schema.
 */
export function newNotificationDocument(userId: string, content: NotificationContent, createdAt: Date): Document {
  const doc: Document = { userId, type: content.type, title: content.title, createdAt, readAt: null };
  if (content.body !== undefined) doc.body = content.body;
  if (content.link !== undefined) doc.link = content.link;
  if (content.actions !== undefined) doc.actions = content.actions;
  return doc;
}
