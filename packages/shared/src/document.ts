// The MongoDB side of a notification: the document any producer may write to
// the `notifications` collection, and its conversion to what clients see.
// A separate entry point (`@livebell/shared/document`) so that browsers never
// load the BSON codec.
import { EJSON, ObjectId } from 'bson';
import { z } from 'zod';
import {
  notificationActionsSchema,
  notificationBodySchema,
  notificationLinkSchema,
  notificationTitleSchema,
  notificationTypeSchema,
  userIdSchema,
  type Notification,
} from './notification.js';

export const NOTIFICATIONS_COLLECTION = 'notifications';
export const RESUME_TOKENS_COLLECTION = 'changeStreamResumeTokens';

/** Accepts any BSON ObjectId, whichever copy of the codec decoded it. */
const objectIdSchema = z.custom<ObjectId>(
  (value) =>
    value instanceof ObjectId ||
    (typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId'),
  'must be an ObjectId',
);

/**
 * A `notifications` document as stored. A missing `createdAt` means the `_id`'s
 * time; a missing or null `readAt` means unread; a missing or null
 * `archivedAt` means in the inbox. Unknown fields are ignored.
 */
export const notificationDocumentSchema = z.object({
  _id: objectIdSchema,
  userId: userIdSchema,
  type: notificationTypeSchema,
  title: notificationTitleSchema,
  body: notificationBodySchema.optional(),
  link: notificationLinkSchema.optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.date().optional(),
  readAt: z.date().nullable().optional(),
  archivedAt: z.date().nullable().optional(),
  actions: notificationActionsSchema.optional(),
});

export type NotificationDocument = z.infer<typeof notificationDocumentSchema>;

/**
 * The filter of the documents that may count as unread: unread and not
 * archived (a non-null `archivedAt`). Of these, only the ones the list can
 * show (that pass the schema) count; see `countsAsUnread`.
 */
export const UNREAD_FILTER = { readAt: null, archivedAt: null } as const;

/**
 * Whether a stored document counts in its owner's unread badge: the list can
 * show it (it passes the schema), it is unread and it is not archived. The
 * one definition that live counts, the count query and the mutations share,
 * so that the badge and the list always agree.
 */
export function countsAsUnread(doc: unknown): boolean {
  return isUnreadAndNotArchived(doc) && notificationDocumentSchema.safeParse(doc).success;
}

/** The flags half of `countsAsUnread`, for a caller that has validated the document already. */
export function isUnreadAndNotArchived(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null) return false;
  const { readAt, archivedAt } = doc as { readAt?: unknown; archivedAt?: unknown };
  return (readAt === undefined || readAt === null) && (archivedAt === undefined || archivedAt === null);
}

/** Converts a validated document to its client shape; BSON values in `data` become relaxed Extended JSON. */
export function toNotification(doc: NotificationDocument): Notification {
  const notification: Notification = {
    id: doc._id.toHexString(),
    userId: doc.userId,
    type: doc.type,
    title: doc.title,
    createdAt: (doc.createdAt ?? doc._id.getTimestamp()).toISOString(),
    readAt: doc.readAt ? doc.readAt.toISOString() : null,
    archivedAt: doc.archivedAt ? doc.archivedAt.toISOString() : null,
  };
  if (doc.body !== undefined) notification.body = doc.body;
  if (doc.link !== undefined) notification.link = doc.link;
  if (doc.actions !== undefined) notification.actions = doc.actions;
  if (doc.data !== undefined)
    notification.data = isPlainJson(doc.data) ? doc.data : EJSON.serialize(doc.data, { relaxed: true });
  return notification;
}

/**
 * Whether `value` holds JSON's own types only (strings, finite numbers,
 * booleans, null, plain arrays and objects), so that relaxed Extended JSON
 * would turn it into an equal copy of itself: such data is passed on as it
 * is, without a serialisation per notification.
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isPlainJson);
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      if (Object.hasOwn(value, '__proto__')) return false;
      for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}
