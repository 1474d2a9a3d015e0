// What livebell watches on `notifications`, and how one change-stream event
// becomes stream inputs. Routing: the document after the change (inserts and
// replaces carry it; updates rebuild it from the pre-image and the update
// description, else take the looked-up one), else the pre-image's `userId`
// (deletes; needs changeStreamPreAndPostImages). An update that gives a
// notification to another user is also a delete for the user the pre-image
// names; one that makes it fail the schema is a delete. Each change says how
// it moves its user's unread count, from the images before and after.
import { userIdSchema, type StreamPosition } from '@livebell/shared';
import {
  countsAsUnread,
  isUnreadAndNotArchived,
  notificationDocumentSchema,
  toNotification,
} from '@livebell/shared/document';
import { ObjectId, type ChangeStreamDocument, type ChangeStreamOptions, type Document } from 'mongodb';
import type { Logger } from '../logger.js';
import type { PositionedChange, UnreadDelta } from './notification-change.js';
import { clusterTimeMsOf, positionOf } from './stream-position.js';
import { applyUpdateDescription } from './update-description.js';

/** What the change stream feeds the node, in stream order. */
export type StreamInput =
  /** The stream (re)started at `position`. `resync`: changes before it may be missing. */
  | { type: 'begin'; position: StreamPosition; resync: boolean }
  | { type: 'change'; entry: PositionedChange }
  /** A change whose owner cannot be known (a delete without pre-image): every kept count is re-read. */
  | { type: 'unrouted'; position: StreamPosition }
  /** The stream moved on without a change for anyone (idle batch, skipped document). */
  | { type: 'advance'; position: StreamPosition };

/** The stream position an input brings the node to. */
export function inputPosition(input: StreamInput): StreamPosition {
  return input.type === 'change' ? input.entry.position : input.position;
}

/**
 * Inserts of documents with a `type` (what a producer creates), plus
 * updates, replaces and deletes (live read state). `extraMatch` narrows it (catch-up streams: one user).
 */
export function notificationPipeline(extraMatch?: Document): Document[] {
  const operations = {
    $or: [
      { operationType: 'insert', 'fullDocument.type': { $exists: true } },
      { operationType: { $in: ['update', 'replace', 'delete'] } },
    ],
  };
  return [{ $match: extraMatch ? { $and: [operations, extraMatch] } : operations }];
}

/** Change-stream options every notifications stream uses. */
export const NOTIFICATION_STREAM_OPTIONS = {
  fullDocument: 'updateLookup',
  fullDocumentBeforeChange: 'whenAvailable',
} as const satisfies ChangeStreamOptions;

/** A catch-up stream's filter: changes routed to `userId`. */
export function userMatch(userId: string): Document {
  return { $or: [{ 'fullDocument.userId': userId }, { 'fullDocumentBeforeChange.userId': userId }] };
}

/** A document's part in one user's count: its owner, and whether it counts (valid, unread, not archived). */
interface Image {
  userId: unknown;
  counts: boolean;
}

/** No document: before an insert, after a delete. Shared, never written. */
const NO_DOCUMENT: Image = { userId: undefined, counts: false };

/**
 * The inputs for one event, in the order to apply them: changes for users,
 * or, when the event carries nothing to deliver, just the stream's progress.
 * An update that gives a notification to another user is two changes: a
 * delete for the former owner, then the update for the new one. Never
 * throws: a document failing the schema is logged and skipped (an update
 * that makes it fail is a delete for its owner, since lists leave such
 * documents out), and the stream goes on. Empty only for an event without a
 * readable resume token.
 */
export function toStreamInputs(event: ChangeStreamDocument<Document>, logger: Logger): StreamInput[] {
  const position = positionOf(event._id);
  if (position === null) {
    logger.warn({ operationType: event.operationType }, 'Skipped change event without a readable resume token');
    return [];
  }
  // wallTime (MongoDB 6.0+) has milliseconds; the cluster time in the position only seconds.
  const wallTime = 'wallTime' in event ? event.wallTime : undefined;
  const committedAtMs = wallTime instanceof Date ? wallTime.getTime() : clusterTimeMsOf(position);
  switch (event.operationType) {
    case 'insert':
    case 'update':
    case 'replace': {
      const pre = event.operationType === 'insert' ? null : (event.fullDocumentBeforeChange ?? undefined);
      // Exact as of this event where possible; the looked-up document may be later.
      const rebuild = event.operationType === 'update' && pre && event.updateDescription;
      const post = rebuild ? applyUpdateDescription(pre, event.updateDescription) : event.fullDocument;
      // An update whose document is gone by lookup time, with no pre-image: its delete event follows.
      if (!post) return [{ type: 'advance', position }];
      const before: Image | undefined = pre === null ? NO_DOCUMENT : pre && imageOf(pre);
      const parsed = notificationDocumentSchema.safeParse(post);
      if (!parsed.success) {
        logger.warn(
          { id: String(event.documentKey._id), operationType: event.operationType, issues: parsed.error.issues },
          'Skipped notification change: document fails the schema',
        );
        if (event.operationType === 'insert') return [{ type: 'advance', position }];
        const invalid: Image = { userId: post.userId, counts: false };
        const deletes = deletedFor(
          position,
          committedAtMs,
          event.documentKey._id,
          before,
          [before?.userId, post.userId],
          invalid,
        );
        return deletes.length > 0 ? deletes : [{ type: 'advance', position }];
      }
      const notification = toNotification(parsed.data);
      const after: Image = { userId: notification.userId, counts: isUnreadAndNotArchived(post) };
      const owned: StreamInput = {
        type: 'change',
        entry: {
          position,
          userId: notification.userId,
          change: { kind: event.operationType === 'insert' ? 'created' : 'updated', notification },
          unreadDelta: deltaFor(notification.userId, before, after),
          committedAtMs,
        },
      };
      // The common case (an insert, or an update that keeps the owner) allocates no more than it returns.
      if (before === NO_DOCUMENT || before?.userId === notification.userId) return [owned];
      return [...deletedFor(position, committedAtMs, event.documentKey._id, before, [before?.userId], after), owned];
    }
    case 'delete': {
      const pre = event.fullDocumentBeforeChange;
      if (!pre) {
        logger.debug({ id: String(event.documentKey._id) }, 'Delete without a pre-image userId; cannot route it');
        return [{ type: 'unrouted', position }];
      }
      const before = imageOf(pre);
      const deletes = deletedFor(position, committedAtMs, event.documentKey._id, before, [before.userId], NO_DOCUMENT);
      return deletes.length > 0 ? deletes : [{ type: 'advance', position }];
    }
    default:
      return [{ type: 'advance', position }];
  }
}

function imageOf(doc: Document): Image {
  return {
    userId: doc.userId,
    counts: countsAsUnread(doc),
  };
}

/** How `userId`'s count moves from `before` (undefined: not known) to `after`. */
function deltaFor(userId: string, before: Image | undefined, after: Image): UnreadDelta {
  if (before === undefined) return null;
  const was = before.userId === userId && before.counts ? 1 : 0;
  const is = after.userId === userId && after.counts ? 1 : 0;
  return (is - was) as UnreadDelta;
}

/** `deleted` changes of the notification `id`, one for each distinct valid user id among `owners`. */
function deletedFor(
  position: StreamPosition,
  committedAtMs: number,
  id: unknown,
  before: Image | undefined,
  owners: unknown[],
  after: Image,
): StreamInput[] {
  if (!(id instanceof ObjectId)) return [];
  const users = new Set<string>();
  for (const owner of owners) {
    const parsed = userIdSchema.safeParse(owner);
    if (parsed.success) users.add(parsed.data);
  }
  const change = { kind: 'deleted', id: id.toHexString() } as const;
  return [...users].map((userId) => ({
    type: 'change',
    entry: { position, userId, change, unreadDelta: deltaFor(userId, before, after), committedAtMs },
  }));
}
