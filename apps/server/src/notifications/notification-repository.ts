// Every query the API makes on `notifications`, always scoped to one user:
// the user id comes from the verified token, never from the client's input,
// so nobody can list or change another user's notifications.
import type { ListPage, NotificationContent } from '@livebell/shared';
import { notificationDocumentSchema, toNotification } from '@livebell/shared/document';
import { ObjectId, type Collection, type Document } from 'mongodb';
import type { Logger } from '../logger.js';

export interface ListQuery {
  cursor?: string | null | undefined;
  limit: number;
}

export interface CountResult {
  found: boolean;
  unreadCount: number;
}

export class NotificationRepository {
  constructor(
    private readonly collection: Collection<Document>,
    private readonly logger: Logger,
  ) {}

  /**
   * Newest first. A stored document that fails the schema is logged and left
   * out; paging still moves past it, so a page may hold fewer than `limit`.
   */
  async list(userId: string, query: ListQuery): Promise<ListPage> {
    const filter: Document = { userId };
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

  unreadCount(userId: string): Promise<number> {
    return this.collection.countDocuments({ userId, readAt: null });
  }

  /**
   * Unread counts of many users in one aggregate; users without unread
   * notifications are absent from the database's answer and get 0 here.
   * Its first batch has room for a row per user (MongoDB's default is 101
   * rows), so a burst's large batch is answered without getMore round trips.
   */
  async unreadCounts(userIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>(userIds.map((userId) => [userId, 0]));
    if (userIds.length === 0) return counts;
    const pipeline = [
      { $match: { userId: { $in: [...userIds] }, readAt: null } },
      { $group: { _id: '$userId', n: { $sum: 1 } } },
    ];
    const rows = await this.collection
      .aggregate<{ _id: unknown; n: unknown }>(pipeline, { batchSize: userIds.length + 1 })
      .toArray();
    for (const row of rows) {
      if (typeof row._id === 'string' && typeof row.n === 'number') counts.set(row._id, row.n);
    }
    return counts;
  }

  /** Marking read keeps an existing `readAt`, so repeating it changes nothing. */
  async markRead(userId: string, id: string, read: boolean): Promise<CountResult> {
    const _id = new ObjectId(id);
    let found: boolean;
    if (read) {
      const result = await this.collection.updateOne({ _id, userId, readAt: null }, { $set: { readAt: new Date() } });
      found = result.matchedCount > 0 || (await this.collection.countDocuments({ _id, userId }, { limit: 1 })) > 0;
    } else {
      const result = await this.collection.updateOne({ _id, userId }, { $set: { readAt: null } });
      found = result.matchedCount > 0;
    }
    return { found, unreadCount: await this.unreadCount(userId) };
  }

  async markAllRead(userId: string): Promise<{ updated: number; unreadCount: number }> {
    const result = await this.collection.updateMany({ userId, readAt: null }, { $set: { readAt: new Date() } });
    return { updated: result.modifiedCount, unreadCount: await this.unreadCount(userId) };
  }

  async remove(userId: string, id: string): Promise<CountResult> {
    const result = await this.collection.deleteOne({ _id: new ObjectId(id), userId });
    return { found: result.deletedCount > 0, unreadCount: await this.unreadCount(userId) };
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
  return doc;
}
