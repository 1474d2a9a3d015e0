import { z } from 'zod';
import { notificationIdSchema, notificationSchema } from './notification.js';

const unreadCountSchema = z.number().int().nonnegative();

/**
 * What `notifications.onEvent` yields, each wrapped in tRPC's `tracked(id, event)`.
 * `unreadCount` is the user's exact unread count once the event is applied, so
 * the badge is right after any sequence of events without a refetch. `resync`
 * means the server could not replay what was missed: reload the list and count.
 */
export const notificationEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), notification: notificationSchema, unreadCount: unreadCountSchema }),
  z.object({ kind: z.literal('updated'), notification: notificationSchema, unreadCount: unreadCountSchema }),
  z.object({ kind: z.literal('deleted'), id: notificationIdSchema, unreadCount: unreadCountSchema }),
  z.object({ kind: z.literal('resync') }),
]);

/**
 * The id of the last event the client applied. tRPC's clients send it by
 * themselves when they resubscribe. It is a stream position (see
 * stream-position.ts): clients compare ids only with `compareStreamPositions`;
 * anything the server cannot read is answered with `resync`.
 */
export const lastEventIdSchema = z.string().min(1).max(4096);

export const onEventInputSchema = z.object({ lastEventId: lastEventIdSchema.nullish() }).default({});

export type NotificationEvent = z.infer<typeof notificationEventSchema>;
export type OnEventInput = z.input<typeof onEventInputSchema>;
