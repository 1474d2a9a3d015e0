// What livebell watches on `notifications`, and how one change-stream event
// becomes hub inputs. Routing: `fullDocument.userId` (inserts, and updates
// and replaces with the document looked up after the change), else the
// pre-image's `userId` (deletes; needs changeStreamPreAndPostImages). An
// update that gives a notification to another user is also a delete for the
// user the pre-image names.
import { userIdSchema } from '@livebell/shared';
import { notificationDocumentSchema, toNotification } from '@livebell/shared/document';
import { ObjectId, type ChangeStreamDocument, type ChangeStreamOptions, type Document } from 'mongodb';
import type { HubInput } from '../hub/notification-hub.js';
import { positionOf } from '../hub/position.js';
import type { Logger } from '../logger.js';

/**
 * The seed's inserts of documents with a `type`, plus updates, replaces and
 * deletes (live read state). `extraMatch` narrows it (catch-up streams: one user).
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

/**
 * The hub inputs for one event, in the order to apply them: a change for a
 * user (two, for different users, when an update moves a notification to
 * another owner: the former owner's delete first), or, when the event
 * carries nothing to deliver, just the stream's progress. Never throws: a
 * document failing the schema is logged and skipped, and the stream goes on.
 * Empty only for an event without a readable resume token.
 */
export function toHubInputs(event: ChangeStreamDocument<Document>, logger: Logger): HubInput[] {
  const position = positionOf(event._id);
  if (position === null) {
    logger.warn({ operationType: event.operationType }, 'Skipped change event without a readable resume token');
    return [];
  }
  const advance: HubInput[] = [{ type: 'advance', position }];
  switch (event.operationType) {
    case 'insert':
    case 'update':
    case 'replace': {
      // An update whose document is gone by lookup time: its delete event follows.
      if (!event.fullDocument) return advance;
      const parsed = notificationDocumentSchema.safeParse(event.fullDocument);
      if (!parsed.success) {
        logger.warn(
          { id: String(event.documentKey._id), operationType: event.operationType, issues: parsed.error.issues },
          'Skipped notification change: document fails the schema',
        );
        return advance;
      }
      const notification = toNotification(parsed.data);
      const owned: HubInput = {
        type: 'change',
        entry: { position, userId: notification.userId, change: { kind: event.operationType === 'insert' ? 'created' : 'updated', notification } },
      };
      if (event.operationType === 'insert') return [owned];
      const former = userIdSchema.safeParse(event.fullDocumentBeforeChange?.userId);
      if (!former.success || former.data === notification.userId) return [owned];
      return [{ type: 'change', entry: { position, userId: former.data, change: { kind: 'deleted', id: notification.id } } }, owned];
    }
    case 'delete': {
      const owner = userIdSchema.safeParse(event.fullDocumentBeforeChange?.userId);
      const id: unknown = event.documentKey._id;
      if (!owner.success || !(id instanceof ObjectId)) {
        logger.debug({ id: String(id) }, 'Delete without a pre-image userId; cannot route it');
        return advance;
      }
      return [{ type: 'change', entry: { position, userId: owner.data, change: { kind: 'deleted', id: id.toHexString() } } }];
    }
    default:
      return advance;
  }
}
