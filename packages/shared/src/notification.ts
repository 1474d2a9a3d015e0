import { z } from 'zod';

/** Page size bounds for `notifications.list`. */
export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** A user id as carried in the JWT `sub` claim and in `notifications.userId`. */
export const userIdSchema = z.string().min(1).max(128);

/** A notification id: the 24-character lowercase hex of its MongoDB ObjectId. */
export const notificationIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character lowercase hex ObjectId');

export const notificationTypeSchema = z.string().min(1).max(64);
export const notificationTitleSchema = z.string().min(1).max(300);
export const notificationBodySchema = z.string().max(5000);

/**
 * Where a notification leads: an absolute http(s) URL or a path on this site.
 * Anything else (`javascript:`, protocol-relative `//host`) is refused, because
 * the bell renders it as a link.
 */
export const notificationLinkSchema = z
  .string()
  .min(1)
  .max(2048)
  .refine(isSafeLink, 'must be an http(s) URL or a path starting with /');

function isSafeLink(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !value.startsWith('/\\');
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** The most buttons one notification may carry. */
export const NOTIFICATION_ACTIONS_MAX = 2;

/**
 * A button on a notification: following it marks the notification read.
 * Its `url` follows the rules of `link`, because the bell renders it as one.
 */
export const notificationActionSchema = z.object({
  label: z.string().min(1).max(64),
  url: notificationLinkSchema,
});

export const notificationActionsSchema = z.array(notificationActionSchema).max(NOTIFICATION_ACTIONS_MAX);

/** Free-form JSON a producer may attach; the bell does not interpret it. */
export const notificationDataSchema = z.record(z.string(), z.json());

/** What a producer says: everything of a notification but who gets it and when. */
export const notificationContentSchema = z.object({
  type: notificationTypeSchema,
  title: notificationTitleSchema,
  body: notificationBodySchema.optional(),
  link: notificationLinkSchema.optional(),
  actions: notificationActionsSchema.optional(),
});

/** A notification as clients see it; dates are ISO-8601 strings. */
export const notificationSchema = notificationContentSchema.extend({
  id: notificationIdSchema,
  userId: userIdSchema,
  data: notificationDataSchema.optional(),
  createdAt: z.iso.datetime(),
  /** When it was read; null while unread. */
  readAt: z.iso.datetime().nullable(),
  /** When it was archived; null (or, from older servers, missing) while it is in the inbox. */
  archivedAt: z.iso.datetime().nullish(),
});

/**
 * Which notifications a list shows: `inbox` (not archived), `unread` (not
 * archived and unread) or `archived`.
 */
export const inboxViewSchema = z.enum(['inbox', 'unread', 'archived']);

export const listInputSchema = z.object({
  /** The id of the last item of the previous page; omit for the newest page. */
  cursor: notificationIdSchema.nullish(),
  limit: z.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
  view: inboxViewSchema.default('inbox'),
  /** Only notifications of this type; omit for every type. */
  type: notificationTypeSchema.optional(),
});

export const listPageSchema = z.object({
  /** Newest first. */
  items: z.array(notificationSchema),
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: notificationIdSchema.nullable(),
});

export const markReadInputSchema = z.object({
  id: notificationIdSchema,
  read: z.boolean().default(true),
});

export const markReadResultSchema = z.object({
  /** False when no notification of yours has that id. */
  found: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});

/** `notifications.markAllRead`: marks read every unread notification in the inbox (archived ones stay as they are). */
export const markAllReadResultSchema = z.object({
  updated: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});

/** `notifications.remove`: delete one of your own notifications. */
export const removeInputSchema = z.object({ id: notificationIdSchema });

export const removeResultSchema = z.object({
  /** False when no notification of yours has that id. */
  found: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});

/** `notifications.archive`: archive one of your own notifications, or restore it with `archived: false`. */
export const archiveInputSchema = z.object({
  id: notificationIdSchema,
  archived: z.boolean().default(true),
});

export const archiveResultSchema = z.object({
  /** False when no notification of yours has that id. */
  found: z.boolean(),
  unreadCount: z.number().int().nonnegative(),
});

/** `notifications.archiveAllRead`: archives every read notification in the inbox. */
export const archiveAllReadResultSchema = z.object({
  updated: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});

export type UserId = z.infer<typeof userIdSchema>;
export type NotificationContent = z.infer<typeof notificationContentSchema>;
export type Notification = z.infer<typeof notificationSchema>;
export type NotificationAction = z.infer<typeof notificationActionSchema>;
export type InboxView = z.infer<typeof inboxViewSchema>;
export type ListInput = z.input<typeof listInputSchema>;
export type ListPage = z.infer<typeof listPageSchema>;
export type MarkReadInput = z.input<typeof markReadInputSchema>;
export type MarkReadResult = z.infer<typeof markReadResultSchema>;
export type MarkAllReadResult = z.infer<typeof markAllReadResultSchema>;
export type RemoveInput = z.input<typeof removeInputSchema>;
export type RemoveResult = z.infer<typeof removeResultSchema>;
export type ArchiveInput = z.input<typeof archiveInputSchema>;
export type ArchiveResult = z.infer<typeof archiveResultSchema>;
export type ArchiveAllReadResult = z.infer<typeof archiveAllReadResultSchema>;

/** Whether a notification belongs in a list of `view`, filtered to `type` when given. */
export function belongsInView(notification: Notification, view: InboxView, type?: string | null): boolean {
  if (type != null && notification.type !== type) return false;
  switch (view) {
    case 'inbox':
      return notification.archivedAt == null;
    case 'unread':
      return notification.archivedAt == null && notification.readAt === null;
    case 'archived':
      return notification.archivedAt != null;
  }
}
