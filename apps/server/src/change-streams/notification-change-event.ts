// What livebell watches on `notifications`, and how one change-stream event
// becomes hub inputs. Routing: `fullDocument.userId` (inserts, and updates
// and replaces with the document looked up after the change), else the
// pre-image's `userId` (deletes; needs changeStreamPreAndPostImages). An
// update that gives a notification to another user is also a delete for the
// user the pre-image names; one that makes it fail the schema is a delete.
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
 * user, or, when the event carries nothing to deliver, just the stream's
 * progress. An update that gives a notification to another user is two
 * changes: a delete for the former owner, then the update for the new one.
 * Never throws: a document failing the schema is logged and skipped (an
 * update that makes it fail is a delete for its owner, since lists leave
 * such documents out), and the stream goes on. Empty only for an event
 * without a readable resume token.
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
      const before: unknown = event.operationType === 'insert' ? undefined : event.fullDocumentBeforeChange?.userId;
      const parsed = notificationDocumentSchema.safeParse(event.fullDocument);
      if (!parsed.success) {
        logger.warn(
          { id: String(event.documentKey._id), operationType: event.operationType, issues: parsed.error.issues },
          'Skipped notification change: document fails the schema',
        );
        if (event.operationType === 'insert') return advance;
        const deletes = deletedFor(position, event.documentKey._id, [before, event.fullDocument.userId]);
        return deletes.length > 0 ? deletes : advance;
      }
      const notification = toNotification(parsed.data);
      const kind = event.operationType === 'insert' ? 'created' : 'updated';
      const owned: HubInput = {
        type: 'change',
        entry: { position, userId: notification.userId, change: { kind, notification } },
      };
      const formerOwners = before === notification.userId ? [] : [before];
      return [...deletedFor(position, event.documentKey._id, formerOwners), owned];
    }
    case 'delete': {
      const deletes = deletedFor(position, event.documentKey._id, [event.fullDocumentBeforeChange?.userId]);
      if (deletes.length > 0) return deletes;
      logger.debug({ id: String(event.documentKey._id) }, 'Delete without a pre-image userId; cannot route it');
      return advance;
    }
    default:
      return advance;
  }
}

/** `deleted` changes of the notification `id`, one for each distinct valid user id among `owners`. */
function deletedFor(position: string, id: unknown, owners: unknown[]): HubInput[] {
  if (!(id instanceof ObjectId)) return [];
  const users = new Set<string>();
  for (const owner of owners) {
    const parsed = userIdSchema.safeParse(owner);
    if (parsed.success) users.add(parsed.data);
  }
  const change = { kind: 'deleted', id: id.toHexString() } as const;
  return [...users].map((userId) => ({ type: 'change', entry: { position, userId, change } }));
}
